import { randomBytes } from 'node:crypto';
import { commandEvents, uniqueStream } from '../contract/fixtures.js';
import { ConcurrencyError } from '../errors.js';
import { PgClient } from './pg-client.js';
import { PgliteClient } from './pglite-client.js';
import { PostgresEventStore } from './postgres-event-store.js';
import type { SqlClient } from './sql-client.js';

// Issue 13 P3: a conflict cost seven round trips (the guarded statement, BEGIN, an id look-up,
// the failed UPDATE, a SELECT of the revision, ROLLBACK, the id look-up again). The append is
// one statement now, which reports the revision and the repeat itself. Round trips are counted
// at the SqlClient the store is given: each query is one, a transaction adds BEGIN and its end.

/** `inner`, counting its round trips into `count.n`. */
const counting = (inner: SqlClient, count: { n: number }): SqlClient => ({
  query: (text, params, options) => {
    count.n++;
    return inner.query(text, params, options);
  },
  transaction: (fn) => {
    count.n += 2;
    return inner.transaction((tx) => fn(counting(tx, count)));
  },
  close: () => inner.close(),
});

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `es_trips_${randomBytes(6).toString('hex')}`;

describe.each(['pg', 'PGlite'] as const)('round trips of an append (%s)', (kind) => {
  const count = { n: 0 };
  let inner: SqlClient;
  let store: PostgresEventStore;
  beforeAll(async () => {
    inner = kind === 'pg' ? await PgClient.connect({ url, schema, max: 12 }) : await PgliteClient.open();
    store = await PostgresEventStore.create(counting(inner, count));
  });
  afterAll(async () => {
    if (kind === 'pg') await inner?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await inner?.close();
  });
  /** The round trips `fn` makes, and what it answers or throws. */
  const trips = async (fn: () => Promise<unknown>) => {
    count.n = 0;
    const outcome: { value?: unknown; error?: unknown } = await fn().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { n: count.n, ...outcome };
  };

  it('answers a conflict in one round trip, with the actual revision', async () => {
    const s = uniqueStream('trips-conflict');
    await store.append(s, commandEvents(2), { expectedRevision: 'no-stream' });
    const stale = await trips(() => store.append(s, commandEvents(1), { expectedRevision: 0 }));
    expect(stale.error).toMatchObject({ constructor: ConcurrencyError, expected: 0, actual: 1 });
    expect(stale.n).toBe(1);
    const exists = await trips(() => store.append(s, commandEvents(1), { expectedRevision: 'no-stream' }));
    expect(exists.error).toMatchObject({ constructor: ConcurrencyError, expected: 'no-stream', actual: 1 });
    expect(exists.n).toBe(1);
    const missing = await trips(() =>
      store.append(uniqueStream('trips-missing'), commandEvents(1), { expectedRevision: 3 }),
    );
    expect(missing.error).toMatchObject({ constructor: ConcurrencyError, actual: 'no-stream' });
    expect(missing.n).toBe(1);
  });

  it('appends one event or several in one round trip', async () => {
    const s = uniqueStream('trips-append');
    expect((await trips(() => store.append(s, commandEvents(1), { expectedRevision: 'no-stream' }))).n).toBe(
      1,
    );
    expect((await trips(() => store.append(s, commandEvents(3), { expectedRevision: 0 }))).n).toBe(1);
    expect((await trips(() => store.append(s, commandEvents(1), { expectedRevision: 3 }))).n).toBe(1);
    expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('answers a retry that carries its first revision in one round trip, with the first result', async () => {
    const s = uniqueStream('trips-repeat');
    const events = commandEvents(2);
    const first = await store.append(s, events, { expectedRevision: 'no-stream' });
    const again = await trips(() => store.append(s, events, { expectedRevision: 'no-stream' }));
    expect(again).toMatchObject({ n: 1, value: { ...first, repeated: true } });
  });

  it("appends with 'any' to an existing stream in two round trips", async () => {
    const s = uniqueStream('trips-any');
    await store.append(s, commandEvents(1), { expectedRevision: 'no-stream' });
    const any = await trips(() => store.append(s, commandEvents(1), { expectedRevision: 'any' }));
    expect(any).toMatchObject({ n: 2, value: { revision: 1 } });
  });

  it('costs ten writers at one revision ten round trips in all (one each)', async () => {
    const s = uniqueStream('trips-race');
    await store.append(s, commandEvents(1), { expectedRevision: 'no-stream' });
    const race = await trips(() =>
      Promise.allSettled(
        Array.from({ length: 10 }, () => store.append(s, commandEvents(1), { expectedRevision: 0 })),
      ),
    );
    const outcomes = race.value as PromiseSettledResult<unknown>[];
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(race.n).toBe(10);
  });
});
