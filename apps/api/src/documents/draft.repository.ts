import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  authorizingRole,
  canSee,
  decide,
  DocumentNotFound,
  evolve,
  Forbidden,
  replay,
  type DraftCommand,
  type DraftEvent,
  type DraftState,
} from '#drafting';
import {
  ConcurrencyError,
  EVENT_STORE,
  eventId,
  formatPosition,
  type EventStore,
  type RecordedEvent,
} from '#event-store';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { commandIdFor, draftStream, toDomainEvent } from './draft-stream.js';
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

/** Load, authorize, decide, append: the one path every drafting command takes. */
@Injectable()
export class DraftRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly numbers: DocumentNumbers,
    private readonly clock: Clock,
  ) {}

  async execute(req: CommandRequest): Promise<CommandAnswer> {
    const stream = draftStream(req.documentId);
    const commandId = commandIdFor(stream, req.actor.userId, req.idempotencyKey, randomUUID);
    const history = await this.store.readStream(stream);
    const earlier = history.filter((e) => e.metadata.commandId === commandId);
    if (req.idempotencyKey && earlier.length > 0) return this.repeat(req, history, earlier);

    const state = replay(history.map(toDomainEvent));
    const role = this.authorize(req, state);
    const actual = history.length === 0 ? 'no-stream' : history.length - 1;
    if (actual !== req.expectedRevision) throw new ConcurrencyError(stream, req.expectedRevision, actual);

    const now = this.clock.now().toISOString();
    const events = decide(req.command, state, { documentId: req.documentId, actor: req.actor, now });
    await this.numbers.reserveFor(req.documentId, events, commandId);
    const metadata = {
      actor: { userId: req.actor.userId, role, agency: req.actor.agency },
      correlationId: req.correlationId,
      causationId: commandId,
      commandId,
      requestHash: req.requestHash,
      // Business time of the command (the handler's clock): reports and `asOf` use it, while
      // `recordedAt` stays the store's own clock for audit.
      occurredAt: now,
    };
    const result = await this.store.append(
      stream,
      events.map((e, i) => ({
        id: eventId(commandId, i),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: { ...metadata, schemaVersion: e.schemaVersion },
      })),
      { expectedRevision: req.expectedRevision },
    );
    const after = events.reduce<DraftState>(evolve, state);
    return answer(req.documentId, after, result.revision, formatPosition(result.position), events);
  }

  // A retry with the same Idempotency-Key: the first answer again, or 422 if the body differs.
  private repeat(req: CommandRequest, history: RecordedEvent[], earlier: RecordedEvent[]): CommandAnswer {
    if (earlier[0].metadata.requestHash !== req.requestHash) {
      throw new ProblemException(
        422,
        'HTTP.IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request',
      );
    }
    const last = earlier[earlier.length - 1];
    const state = replay(history.slice(0, last.revision + 1).map(toDomainEvent));
    return answer(
      req.documentId,
      state,
      last.revision,
      formatPosition(last.position),
      earlier.map(toDomainEvent),
    );
  }

  // Another agency's document answers exactly as a missing one (404); a role that may not act, 403.
  private authorize(req: CommandRequest, state: DraftState): string {
    if (state === undefined && req.command.type !== 'AssignDraft') throw new DocumentNotFound(req.documentId);
    if (state !== undefined && !canSee(state, req.actor)) throw new DocumentNotFound(req.documentId);
    const role = authorizingRole(req.command.type, state, req.actor);
    if (!role) throw new Forbidden(`Your roles may not ${req.command.type} this document`);
    return role;
  }
}

function answer(
  documentId: string,
  state: DraftState,
  revision: number,
  position: string,
  events: readonly DraftEvent[],
): CommandAnswer {
  return {
    documentId,
    stage: state?.stage ?? 'unknown',
    revision,
    position,
    events: events.map((e) => e.type),
  };
}
