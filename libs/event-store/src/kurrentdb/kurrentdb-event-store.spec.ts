import {
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type EventData,
  type JSONEventData,
  type RecordedEvent as ClientRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { commandEvents } from '../contract/fixtures.js';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import type { NewEvent } from '../event-store.port.js';
import { KurrentDBEventStore, type KurrentClient } from './kurrentdb-event-store.js';
import { fromClientEvent, planAppend, toExistingEvent } from './mapping.js';

/*
 * The adapter's I/O around the pure decisions (mapping.ts, client-errors.ts): what it asks the
 * client for, in which order, and what it does with each answer. The client here is scripted
 * call by call; it is not a model of KurrentDB (see kurrentdb-event-store.int.spec.ts for why
 * there is none), so these tests show the adapter's reactions, not the server's behaviour.
 */

const noSleep = { sleep: async () => undefined, random: () => 0 };

describe('KurrentDBEventStore against a real client with no server', () => {
  // Port 1 on the loopback: nothing listens. The errors are the real client's, as thrown.
  let store: KurrentDBEventStore;
  const delays: number[] = [];
  beforeAll(() => {
    store = KurrentDBEventStore.fromConnectionString('kurrentdb://127.0.0.1:1?tls=false', {
      sleep: async (ms) => void delays.push(ms),
    });
  });
  afterAll(() => store.close());
  beforeEach(() => (delays.length = 0));

  it('reports an append as StoreUnavailableError after retrying with backoff', async () => {
    const error = await store
      .append('doc-1', commandEvents(1), { expectedRevision: 'no-stream' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/append to doc-1 failed after 4 attempts/);
    expect(delays).toHaveLength(3);
    expect(delays[1]).toBeGreaterThan(delays[0] / 2);
  });

  it('reports readStream and readAll as StoreUnavailableError', async () => {
    await expect(store.readStream('doc-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll({ limit: 10 })).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

/** Records as the client yields them when it reads back what was appended. */
let nextPosition = 100n;
const recorded = (streamId: string, revision: number, data: EventData): ClientRecordedEvent => {
  const json = data as JSONEventData;
  nextPosition += 10n;
  return {
    streamId,
    id: json.id,
    revision: BigInt(revision),
    type: json.type,
    data: JSON.parse(JSON.stringify(json.data)),
    metadata: JSON.parse(JSON.stringify(json.metadata)),
    isJson: true,
    created: new Date('2026-11-27T10:00:00.000Z'),
    position: { commit: nextPosition, prepare: nextPosition },
  } as ClientRecordedEvent;
};

/** `events` as another writer would have stored them after `before`, as the client reads them back. */
const storedBy = (streamId: string, events: NewEvent[], before: readonly ClientRecordedEvent[] = []) => {
  const plan = planAppend(
    streamId,
    events,
    'any',
    before.map((e) => toExistingEvent(fromClientEvent(e))),
  );
  if (plan.kind !== 'write') throw new Error(plan.kind);
  return [...before, ...plan.events.map((e, i) => recorded(streamId, before.length + i, e))];
};

async function* yieldAll(events: readonly ClientRecordedEvent[] | Error) {
  if (events instanceof Error) throw events;
  for (const event of events) yield { event };
}

type ReadAnswer = readonly ClientRecordedEvent[] | Error;
type Calls = ReturnType<typeof scripted>['calls'];

interface Scripted {
  /** Each answer, or a function of the calls so far that gives it (for reading back a write). */
  reads: (ReadAnswer | ((calls: Calls) => ReadAnswer))[];
  /**
   * An error to throw, `false` for the client's `success: false` answer (with
   * `throwOnAppendFailure=false`), undefined for success.
   */
  appends: (Error | false | undefined)[];
  all?: (readonly ClientRecordedEvent[])[];
}

/** A client answering each call with the next scripted answer, and recording the calls. */
const scripted = (script: Scripted) => {
  const calls = {
    reads: [] as { stream: string; fromRevision?: bigint; maxCount?: bigint; requiresLeader?: boolean }[],
    appends: [] as { stream: string; events: EventData[]; streamState?: AppendStreamState }[],
    all: [] as { fromPosition: unknown; maxCount?: bigint | number }[],
  };
  const client = {
    readStream: (
      stream: string,
      options: { fromRevision?: bigint; maxCount?: bigint; requiresLeader?: boolean },
    ) => {
      calls.reads.push({ stream, ...options });
      const next = script.reads.shift();
      if (next === undefined) throw new Error('unscripted readStream');
      return yieldAll(typeof next === 'function' ? next(calls) : next);
    },
    appendToStream: async (
      stream: string,
      events: EventData[],
      options: { streamState?: AppendStreamState },
    ) => {
      calls.appends.push({ stream, events, streamState: options.streamState });
      const next = script.appends.shift();
      if (next instanceof Error) throw next;
      // Client 1.3.1's batchAppend (dist/streams/appendToStream/batchAppend.js) answers a lost
      // race on an existing stream with BigInt(hasCurrentStreamRevision()): 1n, whatever the
      // stream's revision is.
      return { success: next !== false, nextExpectedRevision: next === false ? 1n : 0n };
    },
    readAll: (options: { fromPosition: unknown; maxCount?: bigint | number }) => {
      calls.all.push(options);
      const next = script.all?.shift();
      if (next === undefined) throw new Error('unscripted readAll');
      return yieldAll(next);
    },
    dispose: async () => undefined,
  };
  return { store: new KurrentDBEventStore(client as unknown as KurrentClient, noSleep), calls };
};

const missing = () => new StreamNotFoundError(undefined, 'doc-1');

describe('KurrentDBEventStore.append', () => {
  it('reads the stream from the leader, writes with the exact state, and answers from the event read back', async () => {
    const events = commandEvents(2);
    let written: ClientRecordedEvent[] = [];
    const readBack = (c: Calls) => {
      written = c.appends[0].events.map((e, i) => recorded('doc-1', i, e));
      return [written[1]];
    };
    const { store, calls } = scripted({ reads: [missing(), readBack], appends: [undefined] });
    const result = await store.append('doc-1', events, { expectedRevision: 'no-stream' });

    expect(calls.appends).toHaveLength(1);
    expect(calls.appends[0].streamState).toBe(NO_STREAM);
    expect(calls.appends[0].events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(calls.reads.map((r) => r.requiresLeader)).toEqual([true, true]);
    expect(calls.reads[1]).toMatchObject({ fromRevision: 1n, maxCount: 1n });
    expect(result).toEqual({ streamId: 'doc-1', revision: 1, position: written[1].position! });
  });

  it('answers an identical append that won the race with its result, without writing again', async () => {
    const events = commandEvents(2);
    const stored = storedBy('doc-1', events);

    const lost = new WrongExpectedVersionError(undefined, {
      streamName: 'doc-1',
      expected: NO_STREAM,
      current: 1n,
    });
    const { store, calls } = scripted({ reads: [missing(), stored], appends: [lost] });
    expect(await store.append('doc-1', events, { expectedRevision: 'no-stream' })).toEqual({
      streamId: 'doc-1',
      revision: 1,
      position: stored[1].position!,
      repeated: true,
    });
    expect(calls.appends).toHaveLength(1);
  });

  it('reports a lost race with a numeric expectation as ConcurrencyError with the actual revision', async () => {
    const one = storedBy('doc-1', commandEvents(1));
    const two = storedBy('doc-1', commandEvents(1), one);

    const lost = new WrongExpectedVersionError(undefined, { streamName: 'doc-1', expected: 0n, current: 1n });
    const { store, calls } = scripted({ reads: [one, two], appends: [lost] });
    await expect(store.append('doc-1', commandEvents(1), { expectedRevision: 0 })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      stream: 'doc-1',
      expected: 0,
      actual: 1,
    });
    expect(calls.appends).toHaveLength(1);
  });

  it('treats an append the client answers with success: false as a lost race, with the revision read again', async () => {
    const three = [1, 2, 3].reduce<ClientRecordedEvent[]>((s) => storedBy('doc-1', commandEvents(1), s), []);
    const four = storedBy('doc-1', commandEvents(1), three);
    const { store, calls } = scripted({ reads: [three, four], appends: [false] });
    await expect(store.append('doc-1', commandEvents(1), { expectedRevision: 2 })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      expected: 2,
      actual: 3,
    });
    expect(calls.appends).toHaveLength(1);
  });

  it('reports the revision the stream has when read again, not one the error carries', async () => {
    const three = [1, 2, 3].reduce<ClientRecordedEvent[]>((s) => storedBy('doc-1', commandEvents(1), s), []);
    const five = [1, 2].reduce((s) => storedBy('doc-1', commandEvents(1), s), three);
    // The server's answer said 3; by the time the stream is read again a third writer made it 4.
    const lost = new WrongExpectedVersionError(undefined, { streamName: 'doc-1', expected: 2n, current: 3n });
    const { store } = scripted({ reads: [three, five], appends: [lost] });
    await expect(store.append('doc-1', commandEvents(1), { expectedRevision: 2 })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      expected: 2,
      actual: 4,
    });
  });

  it("plans an 'any' append again after losing a race, over the new last event", async () => {
    const one = storedBy('doc-1', commandEvents(1));

    const lost = new WrongExpectedVersionError(undefined, {
      streamName: 'doc-1',
      expected: NO_STREAM,
      current: 0n,
    });
    const readBack = (c: Calls) => [recorded('doc-1', 1, c.appends[1].events[0])];
    const { store, calls } = scripted({ reads: [missing(), one, readBack], appends: [lost, undefined] });
    expect((await store.append('doc-1', commandEvents(1), { expectedRevision: 'any' })).revision).toBe(1);
    expect(calls.appends.map((a) => a.streamState)).toEqual([NO_STREAM, 0n]);
    const env = (calls.appends[1].events[0] as JSONEventData).metadata as {
      draftline: { previousHash: string };
    };
    expect(env.draftline.previousHash).toBe(
      (one[0].metadata as { draftline: { hash: string } }).draftline.hash,
    );
  });

  it('retries a transient failure from a fresh read, and a retry that finds its events answers with them', async () => {
    const events = commandEvents(1);
    // The append's outcome is unknown (deadline): it did reach the server.
    const timedOut = Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 });
    let stored: ClientRecordedEvent[] = [];
    const afterTimeout = (c: Calls) => (stored = [recorded('doc-1', 0, c.appends[0].events[0])]);
    const { store, calls } = scripted({ reads: [missing(), afterTimeout], appends: [timedOut] });
    const result = await store.append('doc-1', events, { expectedRevision: 'no-stream' });
    expect(result).toEqual({ streamId: 'doc-1', revision: 0, position: stored[0].position!, repeated: true });
    expect(calls.appends).toHaveLength(1);
  });
});

describe('KurrentDBEventStore reads', () => {
  it('reads a missing stream as empty and an empty revision range without asking', async () => {
    const { store, calls } = scripted({ reads: [missing()], appends: [] });
    expect(await store.readStream('doc-1')).toEqual([]);
    expect(await store.readStream('doc-1', { fromRevision: 3, toRevision: 2 })).toEqual([]);
    expect(calls.reads).toHaveLength(1);
  });

  it('reads several streams with one read each, a stream named twice once, a missing one empty', async () => {
    const one = storedBy('doc-1', commandEvents(3));
    const two = storedBy('doc-2', commandEvents(1));
    const byStream = (calls: Calls): ReadAnswer => {
      const stream = calls.reads[calls.reads.length - 1].stream;
      return stream === 'doc-1' ? one : stream === 'doc-2' ? two : missing();
    };
    const { store, calls } = scripted({ reads: [byStream, byStream, byStream], appends: [] });
    const read = await store.readStreams(['doc-2', 'doc-1', 'doc-9', 'doc-1']);
    expect(calls.reads.map((r) => r.stream).sort()).toEqual(['doc-1', 'doc-2', 'doc-9']);
    expect([...read.keys()].sort()).toEqual(['doc-1', 'doc-2', 'doc-9']);
    expect(read.get('doc-1')!.map((e) => [e.streamId, e.revision])).toEqual([
      ['doc-1', 0],
      ['doc-1', 1],
      ['doc-1', 2],
    ]);
    expect(read.get('doc-2')!.map((e) => e.revision)).toEqual([0]);
    expect(read.get('doc-9')).toEqual([]);
  });

  it('pages readAll past the inclusive start and events that are not ours', async () => {
    const [a, b, c] = storedBy('doc-1', commandEvents(3));
    const foreign = {
      ...b,
      id: 'f',
      metadata: { other: 'writer' },
      position: { commit: b.position!.commit + 1n, prepare: b.position!.prepare + 1n },
    };

    const { store, calls } = scripted({
      reads: [],
      appends: [],
      // Asked for 3 from a: a itself (inclusive), b, then a foreign event; then more from there.
      all: [
        [a, b, foreign as ClientRecordedEvent],
        [foreign as ClientRecordedEvent, c],
      ],
    });
    const page = await store.readAll({ after: a.position!, limit: 2 });
    expect(page.map((e) => e.id)).toEqual([b.id, c.id]);
    // The second page needs 1 (+ 1, inclusive) but asks for twice the first: it left us short.
    expect(calls.all.map((q) => q.maxCount)).toEqual([3n, 6n]);
    expect(calls.all[1].fromPosition).toEqual(foreign.position);
  });
});

describe('KurrentDBEventStore.readAll behind events that are not ours', () => {
  /** An event of KurrentDB's own ($stats, $scavenges …) or of another writer. */
  let others = 0;
  const other = (streamId: string, type: string): ClientRecordedEvent =>
    ({
      streamId,
      id: `00000000-0000-4000-8000-${(++others).toString().padStart(12, '0')}`,
      revision: 0n,
      type,
      data: {},
      metadata: undefined,
      isJson: true,
      created: new Date('2026-11-27T10:00:00.000Z'),
    }) as unknown as ClientRecordedEvent;
  const systemEvents = (n: number) =>
    Array.from({ length: n }, () => other('$stats-127.0.0.1:2113', '$statsCollected'));

  type Counting = 'scanned' | 'matched';
  /**
   * $all as a list the client reads from an inclusive position. How a filtered read counts
   * maxCount is the server's business, and not something a test without a server can know: with
   * `scanned` the events a server-side filter drops count toward maxCount, with `matched` only
   * those it returns. The adapter must page correctly either way.
   */
  const allOf = (log: readonly ClientRecordedEvent[], counting: Counting) => {
    const calls: { maxCount: bigint }[] = [];
    const readAll = (options: {
      fromPosition: unknown;
      maxCount: bigint;
      filter?: { filterOn: string; regex: string };
    }) => {
      calls.push({ maxCount: options.maxCount });
      const from = options.fromPosition as { commit: bigint } | 'start';
      const rest = log.filter((e) => from === 'start' || e.position!.commit >= from.commit);
      const regex = options.filter && new RegExp(options.filter.regex);
      const passes = (e: ClientRecordedEvent) =>
        regex === undefined || regex.test(options.filter!.filterOn === 'streamName' ? e.streamId : e.type);
      const n = Number(options.maxCount);
      return yieldAll(
        counting === 'scanned' ? rest.slice(0, n).filter(passes) : rest.filter(passes).slice(0, n),
      );
    };
    const client = { readAll, dispose: async () => undefined };
    return { store: new KurrentDBEventStore(client as unknown as KurrentClient, noSleep), calls };
  };

  /** The events as $all holds them: positions in this order. */
  const inOrder = (...events: ClientRecordedEvent[]): ClientRecordedEvent[] =>
    events.map((e, i) => ({
      ...e,
      position: { commit: BigInt(1_000 + i * 10), prepare: BigInt(1_000 + i * 10) },
    }));

  /** Every page as a projection or a rebuild reads them: until an empty page. */
  const pageThrough = async (store: KurrentDBEventStore, limit: number) => {
    const ids: string[] = [];
    let after;
    for (let page = 0; page < 1_000; page++) {
      const events = await store.readAll({ after, limit });
      if (events.length === 0) return ids;
      ids.push(...events.map((e) => e.id));
      after = events[events.length - 1].position;
    }
    throw new Error('no end of $all after 1,000 pages');
  };

  it.each<Counting>(['scanned', 'matched'])(
    'reads past a page of only system events instead of taking it for the end (%s)',
    async (counting) => {
      const [x, y] = storedBy('doc-1', commandEvents(2));
      const log = inOrder(x, ...systemEvents(5), y);
      const [a, b] = [log[0], log[6]];
      const { store } = allOf(log, counting);
      expect((await store.readAll({ after: a.position!, limit: 1 })).map((e) => e.id)).toEqual([b.id]);
      expect((await store.readAll({ limit: 10 })).map((e) => e.id)).toEqual([a.id, b.id]);
    },
  );

  it.each<Counting>(['scanned', 'matched'])(
    'pages through every event of ours, among system events and other writers, in order (%s)',
    async (counting) => {
      const ours = storedBy('doc-1', commandEvents(6));
      const log = inOrder(
        ...systemEvents(7),
        ours[0],
        ours[1],
        ...systemEvents(3),
        other('orders-1', 'OrderPlaced'),
        ours[2],
        ...systemEvents(20),
        ours[3],
        other('orders-2', 'OrderPlaced'),
        ours[4],
        ...systemEvents(4),
        ours[5],
        ...systemEvents(9),
      );
      const { store } = allOf(log, counting);
      for (const limit of [1, 2, 5, 100])
        expect(await pageThrough(store, limit)).toEqual(ours.map((e) => e.id.toLowerCase()));
    },
  );

  it('crosses a long run of system events in a few round trips, and answers the end of $all at once', async () => {
    const [x, y] = storedBy('doc-1', commandEvents(2));
    const log = inOrder(x, ...systemEvents(5_000), y);
    const [a, b] = [log[0], log[log.length - 1]];
    const { store, calls } = allOf(log, 'scanned');
    expect((await store.readAll({ after: a.position!, limit: 1 })).map((e) => e.id)).toEqual([b.id]);
    expect(calls.length).toBeLessThanOrEqual(20);
    calls.length = 0;
    expect(await store.readAll({ after: b.position!, limit: 100 })).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
