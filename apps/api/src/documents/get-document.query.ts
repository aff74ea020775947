import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  availableCommands,
  canSee,
  DocumentNotFound,
  evolve,
  kebabCase,
  localDate,
  numberingCommand,
  numberingYear,
  replay,
  STAGE_LABELS,
  type Draft,
} from '#drafting';
import { EVENT_STORE, formatPosition, type EventStore, type Position } from '#event-store';
import { READ_MODELS, type ReadModels } from '#projections';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { DocumentNumbers } from './document-numbers.js';
import { draftStream, occurredAt, toDomainEvent } from './draft-stream.js';

/** What the engine proposes for a command's body, by command route (the next free number today). */
export type CommandProposals = Readonly<Record<string, { readonly documentNumber: string }>>;

export type DocumentView = Draft & {
  readonly revision: number;
  readonly position: string;
  readonly stageLabel: { vi: string; en: string };
  readonly availableCommands: readonly string[];
  /** Present where one of the available commands enters a number: the next free one. */
  readonly proposals?: CommandProposals;
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

interface Current {
  readonly state: Draft | undefined;
  readonly revision: number;
  readonly position: Position;
}

/**
 * The document with what the caller may do next. The current state starts from the status view
 * and replays only the events the view has not applied yet (usually none), so the answer is the
 * full replay's, fresh, at the cost of one row and an empty stream read. `asOf` replays.
 */
@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    private readonly numbers: DocumentNumbers,
  ) {}

  async execute(query: GetDocumentQuery): Promise<DocumentView> {
    const current = query.asOf ? undefined : await this.fromStatusView(query.documentId);
    if (!current) return this.replayed(query);
    const { state, revision, position } = current;
    if (state === undefined || !canSee(state, query.actor)) throw new DocumentNotFound(query.documentId);
    const commands = availableCommands(state, query.actor, this.clock.now().toISOString()).map(kebabCase);
    return {
      ...state,
      revision,
      position: formatPosition(position),
      stageLabel: STAGE_LABELS[state.stage],
      availableCommands: commands,
      ...(await this.proposals(state, commands)),
    };
  }

  /** Art 10(3)(c): where the number is entered (issue, certify), the next free one, signed today. */
  private async proposals(
    state: Draft,
    commands: readonly string[],
  ): Promise<{ proposals?: CommandProposals }> {
    const command = kebabCase(numberingCommand(state.kind));
    if (!commands.includes(command)) return {};
    const year = numberingYear(state, localDate(this.clock.now().toISOString()));
    return { proposals: { [command]: { documentNumber: await this.numbers.propose(state.kind, year) } } };
  }

  private async fromStatusView(documentId: string): Promise<Current | undefined> {
    if (!this.readModels) return undefined;
    const [row] = await this.readModels.sql.query<{
      state: Draft;
      revision: number;
      commit: string;
      prepare: string;
    }>(
      `SELECT state, revision, last_commit::text AS commit, last_prepare::text AS prepare
         FROM document_status WHERE id = $1::uuid`,
      [documentId],
    );
    if (!row) return undefined;
    const tail = await this.store.readStream(draftStream(documentId), { fromRevision: row.revision + 1 });
    const last = tail[tail.length - 1];
    return {
      state: tail.map(toDomainEvent).reduce<Draft | undefined>(evolve, row.state),
      revision: last?.revision ?? Number(row.revision),
      position: last?.position ?? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    };
  }

  private async replayed({ documentId, actor, asOf }: GetDocumentQuery): Promise<DocumentView> {
    const all = await this.store.readStream(draftStream(documentId));
    const history = asOf ? all.filter((e) => Date.parse(occurredAt(e)) <= asOf.getTime()) : all;
    const state = replay(history.map(toDomainEvent));
    if (state === undefined || !canSee(state, actor)) throw new DocumentNotFound(documentId);
    const last = history[history.length - 1];
    // Commands are what the caller may do now; a past view offers none.
    const commands = asOf
      ? []
      : availableCommands(state, actor, this.clock.now().toISOString()).map(kebabCase);
    return {
      ...state,
      revision: last.revision,
      position: formatPosition(last.position),
      stageLabel: STAGE_LABELS[state.stage],
      availableCommands: commands,
      ...(await this.proposals(state, commands)),
    };
  }
}
