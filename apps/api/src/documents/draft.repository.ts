import { Inject, Injectable } from '@nestjs/common';
import {
  authorize,
  canSee,
  decideAuthorized,
  DocumentNotFound,
  evolve,
  type DraftCommand,
  type DraftEvent,
  type DraftState,
} from '#drafting';
import { EVENT_STORE, type EventStore } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { AggregateRepository, type AggregateKind } from '../store/aggregate.repository.js';
import { draftStream } from './draft-stream.js';
import { DocumentNumbers } from './document-numbers.js';
import { Clock } from '../clock.js';

export interface CommandRequest {
  readonly documentId: string;
  /** The revision the caller saw (If-Match), or 'no-stream' for an assignment. */
  readonly expectedRevision: number | 'no-stream';
  readonly command: DraftCommand;
  readonly actor: Principal;
  readonly idempotencyKey?: string;
  readonly requestHash: string;
  readonly correlationId: string;
}

/** What every command answers: where the document now stands and how to read your own write. */
export interface CommandAnswer {
  readonly documentId: string;
  readonly stage: string;
  readonly revision: number;
  readonly position: string;
  readonly events: readonly string[];
}

/**
 * Drafts as an aggregate kind: the pure domain of libs/drafting plus who may see. The domain's
 * one authorization (404 missing, 403 role, from the commands' grants) runs before If-Match is
 * compared; decideAuthorized, after it, refuses only for the stage, the kind or a rule (409).
 */
export const DRAFTS: AggregateKind<DraftCommand, DraftEvent, DraftState> = {
  stream: draftStream,
  evolve,
  initial: undefined,
  decide: decideAuthorized,
  // Another agency's document answers exactly as a missing one (404).
  authorize(command: DraftCommand, state: DraftState, actor: Principal, documentId: string): string {
    if (state !== undefined && !canSee(state, actor)) throw new DocumentNotFound(documentId);
    return authorize(command.type, state, actor, documentId);
  },
};

/** Load, authorize, decide, reserve the document number, append: the path every drafting command takes. */
@Injectable()
export class DraftRepository {
  private readonly drafts: AggregateRepository<DraftCommand, DraftEvent, DraftState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, numbers: DocumentNumbers, clock: Clock) {
    this.drafts = new AggregateRepository(store, clock, DRAFTS, (id, events, commandId) =>
      numbers.reserveFor(id, events, commandId),
    );
  }

  async execute(req: CommandRequest): Promise<CommandAnswer> {
    const { documentId, ...rest } = req;
    const done = await this.drafts.execute({ id: documentId, ...rest });
    return {
      documentId,
      stage: done.state?.stage ?? 'unknown',
      revision: done.revision,
      position: done.position,
      events: done.events.map((e) => e.type),
    };
  }
}
