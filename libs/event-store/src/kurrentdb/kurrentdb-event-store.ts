import { KurrentDBClient, START } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port.js';
import type { Position } from '../position.js';
import { checkAppend, checkReadAll } from '../validate.js';
import { classifyError, DEFAULT_RETRY_POLICY, retryDecision, type RetryPolicy } from './client-errors.js';
import {
  appendResultFromReadBack,
  fromClientEvent,
  fromClientPosition,
  isAfter,
  isDraftlineEvent,
  planAppend,
  streamWindow,
  takeUntil,
  toClientPosition,
  toExistingEvent,
} from './mapping.js';
import { clientConnectionString } from './connection-string.js';

/** The most events one page of $all asks for while it skips events that are not ours. */
const MAX_PAGE = 512;

/** The part of the official client this adapter uses. */
export type KurrentClient = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'dispose'>;

export interface KurrentDBEventStoreOptions {
  readonly retry?: RetryPolicy;
  /** Rounds of read-then-write an append with expectedRevision 'any' may lose before giving up. */
  readonly maxAnyRounds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * The event store on KurrentDB (EventStoreDB), through `@kurrent/kurrentdb-client`. Every
 * decision is in mapping.ts and client-errors.ts; this class only calls the client.
 *
 * An append reads its stream from the leader (all of it: a retry is recognised by its ids
 * anywhere in the stream, like on the other adapters), hashes the new events over the last one,
 * writes them with that last revision as the exact expected stream state, and reads its last
 * event back for the position. Three round trips; document streams are short. A write that lost
 * a race (WrongExpectedVersion) is re-read: an identical append that won is answered with its
 * result; for a numeric or 'no-stream' expectation the conflict is the caller's, with the
 * revision that re-read found; for 'any' the append is planned again. Transient failures (no
 * leader, node down, deadline, an error the client could not name: see classifyError) retry the
 * whole append, which is safe because a retry that finds its ids returns the original result,
 * and end as StoreUnavailableError (503) when the attempts run out.
 *
 * Deviation from the SQL adapters, by KurrentDB's nature: event ids are unique per stream, not
 * across the store (KurrentDB has no index by event id), so an append that repeats the ids of
 * another stream's events is written instead of refused with IdempotencyMismatchError. Event
 * ids derive from a command id and a command appends to one stream, so only a bug can do that.
 */
export class KurrentDBEventStore implements EventStore {
  private readonly retry: RetryPolicy;
  private readonly maxAnyRounds: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: KurrentClient,
    options: KurrentDBEventStoreOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.maxAnyRounds = options.maxAnyRounds ?? 10;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** A store over a new client for `url` (`kurrentdb://…`, `esdb://…`, `…+discover://…`). */
  static fromConnectionString(url: string, options?: KurrentDBEventStoreOptions): KurrentDBEventStore {
    return new KurrentDBEventStore(KurrentDBClient.connectionString(clientConnectionString(url)), options);
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(streamId, events, options.expectedRevision);
    return this.withRetry(`append to ${streamId}`, () =>
      this.appendOnce(streamId, events, options.expectedRevision),
    );
  }

  private async appendOnce(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    for (let round = 1; ; round++) {
      const existing = (await this.readEvents(streamId, undefined, true)).map(toExistingEvent);
      const plan = planAppend(streamId, events, expected, existing);
      if (plan.kind === 'repeat') return plan.result;
      if (plan.kind === 'conflict') throw plan.error;
      let lost: unknown;
      try {
        const written = await this.client.appendToStream(streamId, [...plan.events], {
          streamState: plan.streamState,
          requiresLeader: true,
        });
        // With `throwOnAppendFailure=false` in the connection string the client answers a wrong
        // expected version instead of throwing it: the same thing to us. Its
        // nextExpectedRevision is not used: client 1.3.1 fills it with
        // BigInt(hasCurrentStreamRevision()), a boolean (1n or -1n), on the batch-append path.
        if (!written.success) lost = written;
      } catch (error) {
        if (classifyError(error) !== 'wrong-expected-version') throw error;
        lost = error;
      }
      if (lost !== undefined) {
        // Another writer got in between the read and the write. What the stream holds now is
        // read again from the leader, and the conflict is reported from that read: the
        // revision the caller sees is one the stream really had after the refused write.
        if (expected !== 'any') {
          const again = (await this.readEvents(streamId, undefined, true)).map(toExistingEvent);
          const replan = planAppend(streamId, events, expected, again);
          if (replan.kind === 'repeat') return replan.result;
          if (replan.kind === 'conflict') throw replan.error;
          // The stream is where the caller expected it again (it was deleted and rewritten in
          // between): plan the append once more, within the same bound as for 'any'.
        }
        if (round >= this.maxAnyRounds) {
          throw new StoreUnavailableError(
            `KurrentDB: stream ${streamId} kept moving during ${round} appends with expected revision ${typeof expected === 'number' ? expected : `'${expected}'`}`,
            { cause: lost },
          );
        }
        continue;
      }
      const window = { fromRevision: BigInt(plan.lastRevision), maxCount: 1n };
      const [readBack] = await this.readEvents(streamId, window, true);
      return appendResultFromReadBack(streamId, plan, readBack);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const window = streamWindow(options);
    if (window === undefined) return [];
    const events = await this.withRetry(`read ${streamId}`, () => this.readEvents(streamId, window, false));
    return takeUntil(events, options.until);
  }

  /** One read per stream (KurrentDB reads one stream at a time), all in flight together. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    const read = await Promise.all(ids.map((id) => this.readStream(id)));
    return new Map(ids.map((id, i) => [id, read[i]]));
  }

  /**
   * Our events in $all order after `after`. KurrentDB's fromPosition is inclusive, so each page
   * asks for one more than it needs. $all is read unfiltered and everything that is not ours
   * (KurrentDB's `$` streams and events, other writers' events) is skipped here: every event
   * then comes back and counts toward maxCount, so each page moves the position past all it
   * skipped, and only a short page is the end of $all. (With a server-side filter, whether the
   * events it drops count toward maxCount is the server's affair; if they do, a page of only
   * system events comes back short or empty, looks like the end, and a projection waits behind
   * it for ever.) A page that left us short makes the next one larger, up to MAX_PAGE, so a
   * long run of skipped events takes few round trips.
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkReadAll(options);
    return this.withRetry('read $all', async () => {
      const out: RecordedEvent[] = [];
      let from: Position | undefined = options.after;
      let pageSize = 0;
      while (out.length < options.limit) {
        pageSize = Math.max(options.limit - out.length + 1, Math.min(MAX_PAGE, pageSize * 2));
        let seen = 0;
        let last: Position | undefined;
        const page = this.client.readAll({
          fromPosition: from === undefined ? START : toClientPosition(from),
          maxCount: BigInt(pageSize),
        });
        for await (const resolved of page) {
          seen++;
          const event = resolved.event;
          if (event?.position === undefined) continue;
          last = fromClientPosition(event.position);
          if (!isAfter(last, from) || !isDraftlineEvent(event)) continue;
          if (out.length < options.limit) out.push(fromClientEvent(event));
        }
        // The end of $all, or (never seen, but it would loop for ever) a page that did not move.
        if (seen < pageSize || last === undefined || !isAfter(last, from)) break;
        from = last;
      }
      return out;
    });
  }

  close(): Promise<void> {
    return this.client.dispose();
  }

  /** A stream's events in a revision window (all of it when undefined); a missing stream is empty. */
  private async readEvents(
    streamId: string,
    window: { fromRevision: bigint; maxCount: bigint } | undefined,
    requiresLeader: boolean,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { ...window, requiresLeader })) {
        if (resolved.event !== undefined) out.push(fromClientEvent(resolved.event));
      }
    } catch (error) {
      if (classifyError(error) === 'stream-not-found') return [];
      throw error;
    }
    return out;
  }

  private async withRetry<T>(what: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const decision = retryDecision(error, attempt, what, this.retry, this.random);
        if (!decision.retry) throw decision.error;
        await this.sleep(decision.delayMs);
      }
    }
  }
}
