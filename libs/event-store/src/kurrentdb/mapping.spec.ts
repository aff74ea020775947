import {
  NO_STREAM,
  type EventData,
  type JSONEventData,
  type RecordedEvent as ClientRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { commandEvents } from '../contract/fixtures.js';
import { ConcurrencyError, IdempotencyMismatchError } from '../errors.js';
import type { RecordedEvent } from '../event-store.port.js';
import { hashScopeOf, verifyChain } from '../hash-chain.js';
import {
  appendResultFromReadBack,
  envelopeOf,
  fromClientEvent,
  fromClientRevision,
  isAfter,
  isDraftlineEvent,
  planAppend,
  streamWindow,
  takeUntil,
  toExistingEvent,
  toStreamState,
  type AppendPlan,
} from './mapping.js';

const CREATED = new Date('2026-11-27T10:00:00.123Z');

/**
 * What the client yields when it reads back an event it wrote from `data`: the JSON data and
 * metadata parsed again, revision as bigint, the server's `created` as a Date, the position of
 * the event in $all (as the client's convertRustRecord builds it, read in node_modules).
 */
const asRead = (
  streamId: string,
  revision: number,
  data: EventData,
  created = CREATED,
  position = { commit: BigInt(1000 + revision), prepare: BigInt(1000 + revision) },
): ClientRecordedEvent => {
  const json = data as JSONEventData;
  return {
    streamId,
    id: json.id,
    revision: BigInt(revision),
    type: json.type,
    data: JSON.parse(JSON.stringify(json.data)),
    metadata: JSON.parse(JSON.stringify(json.metadata)),
    isJson: true,
    created,
    position,
  } as ClientRecordedEvent;
};

const write = (plan: AppendPlan) => {
  if (plan.kind !== 'write') throw new Error(`expected a write, got ${plan.kind}`);
  return plan;
};

/** Plans appends and "stores" them as KurrentDB would, returning everything as read back. */
const stream = (streamId: string, batches: number[]): RecordedEvent[] => {
  const read: RecordedEvent[] = [];
  for (const n of batches) {
    const plan = write(planAppend(streamId, commandEvents(n), 'any', read.map(toExistingEvent)));
    const first = read.length;
    plan.events.forEach((e, i) => read.push(fromClientEvent(asRead(streamId, first + i, e))));
  }
  return read;
};

describe('stream states and revisions', () => {
  it('maps our actual revision to the exact state KurrentDB must find', () => {
    expect(toStreamState('no-stream')).toBe(NO_STREAM);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    expect(() => fromClientRevision(2n ** 60n)).toThrow(RangeError);
  });
});

describe('our events as client events and back', () => {
  const [event] = commandEvents(1);

  it('writes our deterministic id, type and data, and keeps metadata and chain in an envelope', () => {
    const plan = write(planAppend('doc-1', [event], 'no-stream', []));
    const [data] = plan.events as JSONEventData[];
    expect(data).toMatchObject({ id: event.id, type: event.type, contentType: 'application/json' });
    expect(data.data).toEqual(event.data);
    const env = envelopeOf(data);
    expect(data.metadata).toMatchObject({
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
    });
    expect(env).toMatchObject({ v: 1, metadata: event.metadata, previousHash: null, hashScope: 'content' });
    expect(env?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads back what was written, with created as recordedAt and the client position', () => {
    const plan = write(planAppend('doc-1', [event], 'no-stream', []));
    const read = fromClientEvent(asRead('doc-1', 0, plan.events[0]));
    expect(read).toEqual({
      id: event.id,
      streamId: 'doc-1',
      revision: 0,
      position: { commit: 1000n, prepare: 1000n },
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      recordedAt: '2026-11-27T10:00:00.123Z',
      hash: envelopeOf(plan.events[0])?.hash,
      previousHash: null,
    });
  });

  it('lowercases an upper-case id, as the other adapters do', () => {
    const upper = { ...event, id: event.id.toUpperCase() };
    const plan = write(planAppend('doc-1', [upper], 'no-stream', []));
    expect(plan.lastId).toBe(event.id);
    expect((plan.events[0] as JSONEventData).id).toBe(event.id);
  });

  it('refuses to read an event Draftline did not write, or one without a position', () => {
    const plan = write(planAppend('doc-1', [event], 'no-stream', []));
    const foreign = {
      ...asRead('doc-1', 0, plan.events[0]),
      metadata: { some: 'thing' },
    } as ClientRecordedEvent;
    expect(() => fromClientEvent(foreign)).toThrow(/not written by Draftline/);
    const old = { ...asRead('doc-1', 0, plan.events[0]), position: undefined } as ClientRecordedEvent;
    expect(() => fromClientEvent(old)).toThrow(/older than 22.6/);
  });

  it("tells our events from KurrentDB's own and other writers'", () => {
    const plan = write(planAppend('doc-1', [event], 'no-stream', []));
    const ours = asRead('doc-1', 0, plan.events[0]);
    expect(isDraftlineEvent(ours)).toBe(true);
    expect(isDraftlineEvent(undefined)).toBe(false);
    expect(isDraftlineEvent({ ...ours, streamId: '$ce-doc' } as ClientRecordedEvent)).toBe(false);
    expect(isDraftlineEvent({ ...ours, type: '$metadata' } as ClientRecordedEvent)).toBe(false);
    expect(isDraftlineEvent({ ...ours, metadata: undefined } as ClientRecordedEvent)).toBe(false);
    expect(isDraftlineEvent({ ...ours, metadata: new Uint8Array([1]) } as ClientRecordedEvent)).toBe(false);
    expect(
      isDraftlineEvent({
        ...ours,
        metadata: { draftline: { v: 2, hash: 'x', metadata: {} } },
      } as ClientRecordedEvent),
    ).toBe(false);
  });
});

describe('planAppend', () => {
  it('writes to a new stream with NO_STREAM, numbering from 0', () => {
    const events = commandEvents(3);
    const plan = write(planAppend('s', events, 'no-stream', []));
    expect(plan).toMatchObject({ streamState: NO_STREAM, lastRevision: 2, lastId: events[2].id });
    expect(write(planAppend('s', events, 'any', [])).streamState).toBe(NO_STREAM);
  });

  it('writes after the last event with its revision as the exact state, for a number and for any', () => {
    const existing = stream('s', [2]).map(toExistingEvent);
    expect(write(planAppend('s', commandEvents(1), 1, existing))).toMatchObject({
      streamState: 1n,
      lastRevision: 2,
    });
    expect(write(planAppend('s', commandEvents(2), 'any', existing))).toMatchObject({
      streamState: 1n,
      lastRevision: 3,
    });
  });

  it('reports a conflict with expected and actual revision', () => {
    const existing = stream('s', [2]).map(toExistingEvent);
    const conflict = (expected: 0 | 5 | 'no-stream', on = existing) => {
      const plan = planAppend('s', commandEvents(1), expected, on);
      if (plan.kind !== 'conflict') throw new Error(`expected a conflict, got ${plan.kind}`);
      return plan.error;
    };
    expect(conflict(0)).toMatchObject({ constructor: ConcurrencyError, stream: 's', expected: 0, actual: 1 });
    expect(conflict('no-stream')).toMatchObject({ expected: 'no-stream', actual: 1 });
    expect(conflict(5)).toMatchObject({ expected: 5, actual: 1 });
    expect(conflict(0, [])).toMatchObject({ expected: 0, actual: 'no-stream' });
  });

  it('answers a repeated append with its original result, whatever revision the retry expects', () => {
    const events = commandEvents(2);
    const first = write(planAppend('s', events, 'no-stream', []));
    const read = first.events.map((e, i) => fromClientEvent(asRead('s', i, e)));
    const more = write(planAppend('s', commandEvents(1), 1, read.map(toExistingEvent)));
    read.push(fromClientEvent(asRead('s', 2, more.events[0])));
    const existing = read.map(toExistingEvent);
    const original = { streamId: 's', revision: 1, position: read[1].position, repeated: true };
    for (const expected of ['no-stream', 'any', 0, 1, 2] as const) {
      expect(planAppend('s', events, expected, existing)).toEqual({ kind: 'repeat', result: original });
    }
    expect(planAppend('s', events.slice(0, 1), 0, existing)).toEqual({
      kind: 'repeat',
      result: { streamId: 's', revision: 0, position: read[0].position, repeated: true },
    });
  });

  it('refuses an append that repeats only some ids, or repeats them out of order', () => {
    const events = commandEvents(2);
    const existing = stream('s', []).map(toExistingEvent);
    const plan = write(planAppend('s', events, 'no-stream', existing));
    const read = plan.events.map((e, i) => toExistingEvent(fromClientEvent(asRead('s', i, e))));
    const [extra] = commandEvents(1);
    expect(() => planAppend('s', [events[1], extra], 'any', read)).toThrow(IdempotencyMismatchError);
    expect(() => planAppend('s', [events[1], events[0]], 'any', read)).toThrow(IdempotencyMismatchError);
  });

  it('chains hashes over the predecessor so that verifyChain accepts what is read back', () => {
    const read = stream('s', [2, 1, 3]);
    expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(read[0].previousHash).toBeNull();
    for (let i = 1; i < read.length; i++) expect(read[i].previousHash).toBe(read[i - 1].hash);
    expect(read.map(hashScopeOf)).toEqual(Array(6).fill('content'));
    expect(verifyChain(read)).toEqual({ ok: true });
    expect(verifyChain(read.slice(3))).toEqual({ ok: true });
  });

  it('leaves recordedAt out of the hash: any server time verifies, tampering does not', () => {
    const read = stream('s', [2, 1]).map((e, i) => ({ ...e, recordedAt: `2026-11-2${i}T00:00:00.000Z` }));
    expect(verifyChain(read)).toEqual({ ok: true });
    const changed = read.map((e) =>
      e.revision === 1 ? { ...e, metadata: { ...e.metadata, commandId: 'x' } } : e,
    );
    expect(verifyChain(changed)).toMatchObject({ ok: false, revision: 1 });
    expect(verifyChain([read[0], read[2]])).toMatchObject({ ok: false, revision: 2 });
  });

  it('hashes data and metadata as they come back from JSON, so undefined members do not break the chain', () => {
    const [e] = commandEvents(1);
    const odd = { ...e, data: { ...e.data, dropped: undefined, when: new Date(0) } };
    const plan = write(planAppend('s', [odd], 'no-stream', []));
    const read = fromClientEvent(asRead('s', 0, plan.events[0]));
    expect(read.data).toMatchObject({ when: '1970-01-01T00:00:00.000Z' });
    expect(read.data).not.toHaveProperty('dropped');
    expect(verifyChain([read])).toEqual({ ok: true });
  });
});

describe('appendResultFromReadBack', () => {
  const [read] = stream('s', [1]);
  const plan = { lastRevision: 0, lastId: read.id };

  it('answers with the revision and position of the event read back', () => {
    expect(appendResultFromReadBack('s', plan, read)).toEqual({
      streamId: 's',
      revision: 0,
      position: read.position,
    });
  });

  it('refuses an answer when the planned event is not where it was written', () => {
    expect(() => appendResultFromReadBack('s', plan, undefined)).toThrow(/holds nothing/);
    expect(() => appendResultFromReadBack('s', { ...plan, lastId: 'other' }, read)).toThrow(
      /not event other/,
    );
  });
});

describe('reading', () => {
  it("maps fromRevision / toRevision to the client's fromRevision / maxCount", () => {
    expect(streamWindow({})).toEqual({ fromRevision: 0n, maxCount: BigInt(Number.MAX_SAFE_INTEGER) + 1n });
    expect(streamWindow({ fromRevision: 2 })).toEqual({
      fromRevision: 2n,
      maxCount: BigInt(Number.MAX_SAFE_INTEGER) - 1n,
    });
    expect(streamWindow({ toRevision: 1 })).toEqual({ fromRevision: 0n, maxCount: 2n });
    expect(streamWindow({ fromRevision: 1, toRevision: 3 })).toEqual({ fromRevision: 1n, maxCount: 3n });
    expect(streamWindow({ fromRevision: 3, toRevision: 1 })).toBeUndefined();
    expect(() => streamWindow({ fromRevision: -1 })).toThrow(RangeError);
  });

  it('cuts a stream at until as a prefix, even when the clock ran backwards', () => {
    const at = (ms: number) => ({ recordedAt: new Date(ms).toISOString() }) as RecordedEvent;
    const events = [at(1000), at(2000), at(1500), at(3000)];
    expect(takeUntil(events, undefined)).toHaveLength(4);
    expect(takeUntil(events, new Date(2000))).toEqual(events.slice(0, 3));
    expect(takeUntil(events, new Date(1800))).toEqual(events.slice(0, 1));
    expect(takeUntil(events, new Date(999))).toEqual([]);
  });

  it('treats after as exclusive, comparing commit then prepare', () => {
    const p = (commit: bigint, prepare: bigint) => ({ commit, prepare });
    expect(isAfter(p(5n, 5n), undefined)).toBe(true);
    expect(isAfter(p(5n, 5n), p(5n, 5n))).toBe(false);
    expect(isAfter(p(5n, 6n), p(5n, 5n))).toBe(true);
    expect(isAfter(p(6n, 1n), p(5n, 5n))).toBe(true);
    expect(isAfter(p(4n, 9n), p(5n, 5n))).toBe(false);
  });
});
