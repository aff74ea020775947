import {
  jsonEvent,
  NO_STREAM,
  type AppendStreamState,
  type EventData,
  type Position as ClientPosition,
  type RecordedEvent as ClientRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '../errors.js';
import type {
  AppendResult,
  EventMetadata,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port.js';
import { hashEvent } from '../hash-chain.js';
import { repeatedAppend, type StoredEventRef } from '../idempotency.js';
import type { Position } from '../position.js';
import { asStored } from '../validate.js';

/*
 * Everything the KurrentDB adapter decides, as pure functions: our events <-> the client's,
 * expected revisions <-> stream states, positions, and what an append must do given the stream
 * as read. The adapter (kurrentdb-event-store.ts) only moves data between these and the client.
 */

/**
 * Where this adapter keeps what KurrentDB has no field for. The event's KurrentDB metadata is
 * `{ $correlationId, $causationId, draftline: Envelope }`: the `$` keys follow KurrentDB's own
 * conventions (its $by_correlation_id projection reads them); `draftline` holds our metadata
 * untouched, and the hash chain.
 */
export interface Envelope {
  /** Format of this envelope. */
  readonly v: 1;
  readonly metadata: EventMetadata;
  readonly hash: string;
  readonly previousHash: string | null;
  /** What `hash` covers (see HashScope in hash-chain.ts): always 'content' here. */
  readonly hashScope: 'content';
}

export const ENVELOPE_KEY = 'draftline';

/** What a read of the stream before an append tells: each event's place, id and hash. */
export interface ExistingEvent extends StoredEventRef {
  readonly hash: string;
}

// ---------------------------------------------------------------------------------------------
// Positions and revisions

export const fromClientPosition = (p: ClientPosition): Position => ({ commit: p.commit, prepare: p.prepare });

export const toClientPosition = (p: Position): ClientPosition => ({ commit: p.commit, prepare: p.prepare });

/** A revision the client hands out as a bigint, as our number (revisions stay far below 2^53). */
export const fromClientRevision = (revision: bigint): number => {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`KurrentDB revision ${revision} is outside 0..2^53-1`);
  return Number(revision);
};

/** The stream state KurrentDB must find, for a stream whose last revision is `actual`. */
export const toStreamState = (actual: number | 'no-stream'): AppendStreamState =>
  actual === 'no-stream' ? NO_STREAM : BigInt(actual);

// ---------------------------------------------------------------------------------------------
// Our events -> the client's

/** A new event as the client writes it, with our deterministic id as KurrentDB's event id. */
export const toEventData = (
  event: NewEvent,
  chain: { readonly hash: string; readonly previousHash: string | null },
): EventData => {
  const envelope: Envelope = {
    v: 1,
    metadata: asStored(event.metadata),
    hash: chain.hash,
    previousHash: chain.previousHash,
    hashScope: 'content',
  };
  return jsonEvent({
    id: event.id.toLowerCase(),
    type: event.type,
    data: asStored(event.data),
    metadata: {
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
      [ENVELOPE_KEY]: envelope,
    },
  });
};

// ---------------------------------------------------------------------------------------------
// The client's events -> ours

/** The envelope of an event this adapter wrote, or undefined for any other event. */
export const envelopeOf = (event: { readonly metadata?: unknown }): Envelope | undefined => {
  const meta = event.metadata;
  if (meta === null || typeof meta !== 'object' || meta instanceof Uint8Array) return undefined;
  const env = (meta as Record<string, unknown>)[ENVELOPE_KEY] as Partial<Envelope> | undefined;
  if (env === null || typeof env !== 'object' || env.v !== 1) return undefined;
  if (typeof env.hash !== 'string' || typeof env.metadata !== 'object' || env.metadata === null)
    return undefined;
  if (env.previousHash !== null && typeof env.previousHash !== 'string') return undefined;
  return env as Envelope;
};

/** Events of our streams: not KurrentDB's own (`$` streams, `$` types) and written by this adapter. */
export const isDraftlineEvent = (event: ClientRecordedEvent | undefined): event is ClientRecordedEvent =>
  event !== undefined &&
  !event.streamId.startsWith('$') &&
  !event.type.startsWith('$') &&
  event.isJson &&
  envelopeOf(event) !== undefined;

/**
 * One of our events as read back. `recordedAt` is KurrentDB's `created`: the leader's clock when
 * it wrote the event (millisecond precision as the client gives it); the hash does not cover it.
 */
export const fromClientEvent = (event: ClientRecordedEvent): RecordedEvent => {
  const env = envelopeOf(event);
  if (!event.isJson || env === undefined) {
    throw new Error(
      `KurrentDB event ${event.id} in stream ${event.streamId} was not written by Draftline (no ${ENVELOPE_KEY} metadata)`,
    );
  }
  if (event.position === undefined) {
    throw new Error(
      'KurrentDB did not return the position of a stream event: the server is older than 22.6, which Draftline does not support',
    );
  }
  return {
    id: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: fromClientRevision(event.revision),
    position: fromClientPosition(event.position),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: env.metadata,
    recordedAt: event.created.toISOString(),
    hash: env.hash,
    previousHash: env.previousHash,
  };
};

/** What an append needs to know of an event already in the stream. */
export const toExistingEvent = (e: RecordedEvent): ExistingEvent => {
  return { id: e.id, streamId: e.streamId, revision: e.revision, position: e.position, hash: e.hash };
};

// ---------------------------------------------------------------------------------------------
// Appending

export type AppendPlan =
  /** The same append was made before: its original result. */
  | { readonly kind: 'repeat'; readonly result: AppendResult }
  /** The stream is not where the caller expected it. */
  | { readonly kind: 'conflict'; readonly error: ConcurrencyError }
  /** Write `events` if, and only if, KurrentDB still finds the stream at `streamState`. */
  | {
      readonly kind: 'write';
      readonly streamState: AppendStreamState;
      readonly events: readonly EventData[];
      readonly lastRevision: number;
      readonly lastId: string;
    };

/**
 * Decides an append from the stream as read (all of it, in revision order; empty if missing).
 * A repeat is recognised by its ids, wherever in the stream they are and whatever revision the
 * retry expects (the same rule as the other adapters: see repeatedAppend). Otherwise the new
 * events are hashed over the stream's last event and written with that event's revision as the
 * exact expected state, for every kind of `expected`: the predecessor the hash was computed over
 * is then guaranteed to be the predecessor KurrentDB writes after, and a writer that got in
 * between makes KurrentDB refuse the write (WrongExpectedVersion) instead of breaking the chain.
 */
export const planAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  existing: readonly ExistingEvent[],
): AppendPlan => {
  const ids = events.map((e) => e.id.toLowerCase());
  const wanted = new Set(ids);
  const found = existing.filter((e) => wanted.has(e.id.toLowerCase()));
  const repeated = repeatedAppend(streamId, ids, found);
  if (repeated) return { kind: 'repeat', result: repeated };

  const last = existing[existing.length - 1];
  const actual = last === undefined ? 'no-stream' : last.revision;
  if (expected !== 'any' && expected !== actual) {
    return { kind: 'conflict', error: new ConcurrencyError(streamId, expected, actual) };
  }
  const first = actual === 'no-stream' ? 0 : actual + 1;
  let previousHash = last?.hash ?? null;
  const data = events.map((e, i) => {
    const hash = hashEvent(
      previousHash,
      {
        id: ids[i],
        streamId,
        revision: first + i,
        type: e.type,
        data: asStored(e.data),
        metadata: asStored(e.metadata),
      },
      'content',
    );
    const eventData = toEventData(e, { hash, previousHash });
    previousHash = hash;
    return eventData;
  });
  return {
    kind: 'write',
    streamState: toStreamState(actual),
    events: data,
    lastRevision: first + events.length - 1,
    lastId: ids[ids.length - 1],
  };
};

/**
 * The result of a write, from the event read back at the planned last revision. The append's
 * own result is not used for the position: KurrentDB answers an idempotent write (a lost race
 * between identical appends) without one, and whether a fresh write's position is exactly the
 * position its last event has in $all is not something this code can check without a server.
 * Reading the event back makes the answer the position readAll will report, by construction.
 */
export const appendResultFromReadBack = (
  streamId: string,
  plan: { readonly lastRevision: number; readonly lastId: string },
  readBack: RecordedEvent | undefined,
): AppendResult => {
  if (readBack === undefined || readBack.revision !== plan.lastRevision || readBack.id !== plan.lastId) {
    throw new Error(
      `KurrentDB accepted an append to ${streamId} but revision ${plan.lastRevision} holds ` +
        `${readBack === undefined ? 'nothing' : `event ${readBack.id} at revision ${readBack.revision}`}, ` +
        `not event ${plan.lastId}`,
    );
  }
  return { streamId, revision: readBack.revision, position: readBack.position };
};

// ---------------------------------------------------------------------------------------------
// Reading

/** The client's `fromRevision` / `maxCount` for our revision range, or undefined if it is empty. */
export const streamWindow = (
  options: ReadStreamOptions,
): { fromRevision: bigint; maxCount: bigint } | undefined => {
  const from = options.fromRevision ?? 0;
  const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(to)) {
    throw new RangeError('fromRevision and toRevision must be integers, fromRevision >= 0');
  }
  if (to < from) return undefined;
  return { fromRevision: BigInt(from), maxCount: BigInt(to) - BigInt(from) + 1n };
};

/**
 * Events up to `until`, as a prefix of the stream: KurrentDB's clock is the leader's, and after a
 * leader change it may run behind the previous leader's; stopping at the first later event keeps
 * `until` from returning an event without one before it.
 */
export const takeUntil = (events: readonly RecordedEvent[], until: Date | undefined): RecordedEvent[] => {
  if (until === undefined) return [...events];
  const limit = until.getTime();
  const end = events.findIndex((e) => Date.parse(e.recordedAt) > limit);
  return end === -1 ? [...events] : events.slice(0, end);
};

/** `after` is exclusive in our port, `fromPosition` inclusive in KurrentDB's: drop what is not after. */
export const isAfter = (p: Position, after: Position | undefined): boolean =>
  after === undefined || p.commit > after.commit || (p.commit === after.commit && p.prepare > after.prepare);
