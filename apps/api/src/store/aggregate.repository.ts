import { randomUUID } from 'node:crypto';
import { businessInstant, type DecisionContext } from '#drafting';
import {
  ConcurrencyError,
  domainEventOf,
  eventId,
  formatPosition,
  type EventStore,
  type RecordedEvent,
} from '#event-store';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { commandIdFor } from '../documents/draft-stream.js';
import { ProblemException } from '../http/problem.js';

/** What the store keeps of a domain event besides its type and data. */
export interface DomainEventLike {
  readonly type: string;
  readonly data: object;
  readonly schemaVersion: number;
}

/** One event-sourced kind of thing (a draft, a review, …): its stream name and its pure domain. */
export interface AggregateKind<C extends { type: string }, E extends DomainEventLike, S> {
  stream(id: string): string;
  evolve(state: S, event: E): S;
  readonly initial: S;
  /** Throws the 404 (missing or not visible) and 403 refusals; returns the role that authorises. */
  authorize(command: C, state: S, actor: Principal, id: string): string;
  decide(command: C, state: S, ctx: DecisionContext): E[];
}

export interface AggregateRequest<C> {
  readonly id: string;
  /** The revision the caller saw (If-Match), or 'no-stream' for a command that creates the stream. */
  readonly expectedRevision: number | 'no-stream';
  readonly command: C;
  readonly actor: Principal;
  readonly idempotencyKey?: string;
  readonly requestHash: string;
  readonly correlationId: string;
}

export interface Executed<E, S> {
  readonly id: string;
  readonly state: S;
  readonly revision: number;
  readonly position: string;
  readonly events: readonly E[];
}

/** Runs after decide and before the append (e.g. reserving a document number). */
export type BeforeAppend<E> = (id: string, events: readonly E[], commandId: string) => Promise<void>;

/** The 422 for an Idempotency-Key already used with a different request. */
export const idempotencyKeyReused = () =>
  new ProblemException(
    422,
    'HTTP.IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was used with a different request',
  );

/** The business date the events of one command carry in their data, if they carry one. */
const occurredOnOf = (events: readonly DomainEventLike[]): string | undefined => {
  const day = (events[0]?.data as { occurredOn?: unknown } | undefined)?.occurredOn;
  return typeof day === 'string' ? day : undefined;
};

export const toDomainEvent = <E extends DomainEventLike>(e: RecordedEvent): E => domainEventOf<E>(e);

/**
 * Load, authorize, decide, append: the one path every command takes, whatever it acts on. A
 * repeated Idempotency-Key is authorized again, then answers the first result (422 if the body
 * differs), also when
 * the repeats race and the store finds the events already there; a stale revision is a
 * ConcurrencyError (412).
 */
export class AggregateRepository<C extends { type: string }, E extends DomainEventLike, S> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly kind: AggregateKind<C, E, S>,
    private readonly beforeAppend?: BeforeAppend<E>,
  ) {}

  async load(id: string): Promise<{ state: S; history: RecordedEvent[] }> {
    const history = await this.store.readStream(this.kind.stream(id));
    return { state: this.replay(history), history };
  }

  async execute(req: AggregateRequest<C>): Promise<Executed<E, S>> {
    const stream = this.kind.stream(req.id);
    const commandId = commandIdFor(stream, req.actor.userId, req.idempotencyKey, randomUUID);
    const history = await this.store.readStream(stream);
    const earlier = history.filter((e) => e.metadata.commandId === commandId);
    if (req.idempotencyKey && earlier.length > 0) return this.repeat(req, history, earlier);

    const state = this.replay(history);
    const role = this.kind.authorize(req.command, state, req.actor, req.id);
    const actual = history.length === 0 ? 'no-stream' : history.length - 1;
    if (actual !== req.expectedRevision) throw new ConcurrencyError(stream, req.expectedRevision, actual);

    const now = this.clock.now().toISOString();
    const events = this.kind.decide(req.command, state, { documentId: req.id, actor: req.actor, now });
    await this.beforeAppend?.(req.id, events, commandId);
    const occurredOn = occurredOnOf(events);
    const metadata = {
      actor: { userId: req.actor.userId, role, agency: req.actor.agency },
      correlationId: req.correlationId,
      causationId: commandId,
      commandId,
      requestHash: req.requestHash,
      // Business time of the command: its business date (lifecycle.md, "Business dates") when its
      // events carry one, else the handler's clock; reports, clocks and `asOf` use it, while
      // `recordedAt` stays the store's own clock for audit.
      ...(occurredOn !== undefined && { occurredOn }),
      occurredAt: businessInstant(occurredOn, now),
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
    // Another request with this Idempotency-Key stored its events first (they share their ids):
    // the answer is theirs, or 422 if its body differed, never this request's own decision.
    if (result.repeated) return this.answerStored(req, stream, commandId);
    const after = events.reduce<S>((s, e) => this.kind.evolve(s, e), state);
    return {
      id: req.id,
      state: after,
      revision: result.revision,
      position: formatPosition(result.position),
      events,
    };
  }

  private async answerStored(req: AggregateRequest<C>, stream: string, commandId: string) {
    const history = await this.store.readStream(stream);
    const earlier = history.filter((e) => e.metadata.commandId === commandId);
    if (earlier.length === 0) throw new Error(`${stream}: a repeated append whose events are not there`);
    return this.repeat(req, history, earlier);
  }

  // A retry with the same Idempotency-Key: the first answer again, or 422 if the body differs.
  private repeat(
    req: AggregateRequest<C>,
    history: RecordedEvent[],
    earlier: RecordedEvent[],
  ): Executed<E, S> {
    // Authorized as the first request was, against the document as it stood then: a caller who
    // may no longer see or act on it (another agency, a role taken away) gets the refusal, not
    // the stored answer.
    this.kind.authorize(req.command, this.replay(history.slice(0, earlier[0].revision)), req.actor, req.id);
    if (earlier[0].metadata.requestHash !== req.requestHash) throw idempotencyKeyReused();
    const last = earlier[earlier.length - 1];
    return {
      id: req.id,
      state: this.replay(history.slice(0, last.revision + 1)),
      revision: last.revision,
      position: formatPosition(last.position),
      events: earlier.map((e) => toDomainEvent<E>(e)),
    };
  }

  private replay(history: readonly RecordedEvent[]): S {
    return history.reduce<S>((s, e) => this.kind.evolve(s, toDomainEvent<E>(e)), this.kind.initial);
  }
}
