import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  availableCommands,
  canSee,
  DocumentNotFound,
  kebabCase,
  replay,
  STAGE_LABELS,
  type Draft,
} from '#drafting';
import { EVENT_STORE, formatPosition, type EventStore } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { draftStream, occurredAt, toDomainEvent } from './draft-stream.js';

export type DocumentView = Draft & {
  readonly revision: number;
  readonly position: string;
  readonly stageLabel: { vi: string; en: string };
  readonly availableCommands: readonly string[];
};

export class GetDocumentQuery extends Query<DocumentView> {
  constructor(
    readonly documentId: string,
    readonly actor: Principal,
    /** The document as it stood at this instant (business time), replayed from its events. */
    readonly asOf?: Date,
  ) {
    super();
  }
}

/** The current state replayed from the document's stream, with what the caller may do next. */
@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ documentId, actor, asOf }: GetDocumentQuery): Promise<DocumentView> {
    const all = await this.store.readStream(draftStream(documentId));
    const history = asOf ? all.filter((e) => Date.parse(occurredAt(e)) <= asOf.getTime()) : all;
    const state = replay(history.map(toDomainEvent));
    if (state === undefined || !canSee(state, actor)) throw new DocumentNotFound(documentId);
    const last = history[history.length - 1];
    return {
      ...state,
      revision: last.revision,
      position: formatPosition(last.position),
      stageLabel: STAGE_LABELS[state.stage],
      // Commands are what the caller may do now; a past view offers none.
      availableCommands: asOf
        ? []
        : availableCommands(state, actor, this.clock.now().toISOString()).map(kebabCase),
    };
  }
}
