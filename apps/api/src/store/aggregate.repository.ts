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

/** A stream as this process last saw it: enough to decide the next command without reading it. */
interface Known<S> {
  readonly revision: number;
  readonly state: S;
  /** The command ids of every event up to `revision`: an Idempotency-Key repeat is recognised. */
  readonly commandIds: ReadonlySet<string>;
}

/** A refusal decided on a kept state: confirmed on the stream as read before it is answered. */
class Unconfirmed extends Error {
  constructor(readonly refusal: unknown) {
    super('refused on a kept state');
  }
}

/** Streams whose state is kept (the least recently used go first): a few MB of folded states. */
const KNOWN_STREAMS = 5000;

/**
 * Load, authorize, decide, append: the one path every command takes, whatever it acts on. A
 * repeated Idempotency-Key is authorized again, then answers the first result (422 if the body
 * differs), also when
 * the repeats race and the store finds the events already there; a stale revision is a
 * ConcurrencyError (412).
 *
 * Each stream's folded state at the last revision this process saw is kept (bounded, in
 * process): a command whose If-Match is that revision, and whose Idempotency-Key (if any) no
 * event up to it carries, is decided on it and appended without reading the stream first (one
 * round trip). That is safe with writers in other processes: events up to a revision never
 * change, so the state is the stream's at that revision, and the append's expected-revision
 * guard refuses it if the stream has moved; then the entry is dropped and the command runs the
 * reading path, which answers a 412 with the actual revision, or the first result of a repeat
 * another process stored.
 */
export class AggregateRepository<C extends { type: string }, E extends DomainEventLike, S> {
  private readonly known = new Map<string, Known<S>>();

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
    const known = this.known.get(stream);
    if (known && known.revision === req.expectedRevision && !known.commandIds.has(commandId)) {
      try {
        return await this.decideAndAppend(req, stream, commandId, known, true);
      } catch (error) {
        // Moved by someone else, or refused on the kept state: read the stream and decide again,
        // so a stale If-Match is a 412 before any refusal, as on the reading path.
        if (!(error instanceof ConcurrencyError) && !(error instanceof Unconfirmed)) throw error;
        this.known.delete(stream);
      }
    }
    const history = await this.store.readStream(stream);
    const earlier = history.filter((e) => e.metadata.commandId === commandId);
    if (req.idempotencyKey && earlier.length > 0) return this.repeat(req, history, earlier);

    const state = this.replay(history);
    const read: Known<S> = {
      revision: history.length - 1,
      state,
      commandIds: new Set(history.map((e) => e.metadata.commandId)),
    };
    if (history.length > 0) this.remember(stream, read);
    const actual = history.length === 0 ? 'no-stream' : history.length - 1;
    if (actual !== req.expectedRevision) {
      // Authorized first: a caller who may not see the document gets the 404, not its revision.
      this.kind.authorize(req.command, state, req.actor, req.id);
      throw new ConcurrencyError(stream, req.expectedRevision, actual);
    }
    return this.decideAndAppend(req, stream, commandId, read, false);
  }

  /** Authorize, decide and append on the stream as it stood at `at` (its last revision). */
  private async decideAndAppend(
    req: AggregateRequest<C>,
    stream: string,
    commandId: string,
    at: Known<S>,
    kept: boolean,
  ): Promise<Executed<E, S>> {
    const { state } = at;
    const now = this.clock.now().toISOString();
    let role: string;
    let events: E[];
    try {
      role = this.kind.authorize(req.command, state, req.actor, req.id);
      events = this.kind.decide(req.command, state, { documentId: req.id, actor: req.actor, now });
    } catch (error) {
      throw kept ? new Unconfirmed(error) : error;
    }
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
    if (result.repeated) {
      this.known.delete(stream);
      return this.answerStored(req, stream, commandId);
    }
    const after = events.reduce<S>((s, e) => this.kind.evolve(s, e), state);
    if (events.length > 0)
      this.remember(stream, {
        revision: result.revision,
        state: after,
        commandIds: new Set([...at.commandIds, commandId]),
      });
    return {
      id: req.id,
      state: after,
      revision: result.revision,
      position: formatPosition(result.position),
      events,
    };
  }

  private remember(stream: string, known: Known<S>): void {
    this.known.delete(stream); // re-inserted last: the Map's order is the use order
    if (this.known.size >= KNOWN_STREAMS) this.known.delete(this.known.keys().next().value!);
    this.known.set(stream, known);
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
