import { randomBytes, randomUUID } from 'node:crypto';
import {
  createPgEventStore,
  PgClient,
  type AppendResult,
  type PostgresEventStore,
  type SqlClient,
} from '#event-store';
import { documentHistoryProjection } from '../document-history/document-history.projection.js';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import type { Projection } from '../projection.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { ReadModels } from '../read-models.js';
import { inProcessLocks } from '../runner/projection-lock.js';
import { migrate } from '../runner/runner-tables.js';
import { assigned, revised } from '../testing/draft-events.js';
import { readModelDigest } from '../testing/read-model-digest.js';
import { rebuildProjections } from './rebuild.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `rebuild_test_${randomBytes(6).toString('hex')}`;
const reference = `${schema}_ref`;
const FAST = { idleMs: 5, standbyMs: 50, errorBackoffMs: 50, batchSize: 20 };
const PROJECTIONS = [documentStatusProjection, documentHistoryProjection];
/** The same projections without their batch path: the reference is built one event at a time. */
const ONE_BY_ONE: Projection[] = PROJECTIONS.map(({ applyBatch: _batch, ...p }) => p);

let store: PostgresEventStore;
let db: ReadModelDatabase;
let refSql: SqlClient;
const started: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  store = await createPgEventStore({ url, schema, max: 10 });
  db = (await openReadModelDatabase(undefined, store))!;
  refSql = await PgClient.connect({ url, schema: reference, max: 4 });
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store?.sql.query(`DROP SCHEMA IF EXISTS ${reference} CASCADE`);
  for (const p of PROJECTIONS)
    await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema}__rebuild_${p.name} CASCADE`);
  await refSql?.close();
  await store?.close();
});

const revisions = new Map<string, number>();
const newDocument = async (n: number): Promise<AppendResult> => {
  const id = randomUUID();
  const events = [
    assigned(id, { title: `Quyết định ${id.slice(0, 4)}` }),
    ...Array.from({ length: n - 1 }, (_, i) => revised(i)),
  ];
  const result = await store.append(`draft-${id}`, events, { expectedRevision: 'no-stream' });
  revisions.set(id, result.revision);
  return result;
};
const reviseSome = async (): Promise<AppendResult> => {
  const ids = [...revisions.keys()];
  const id = ids[Math.floor(Math.random() * ids.length)];
  const revision = revisions.get(id)!;
  const result = await store.append(`draft-${id}`, [revised(revision)], { expectedRevision: revision });
  revisions.set(id, result.revision);
  return result;
};

const start = async (sql: SqlClient, projections: readonly Projection[]) => {
  // The reference schema's runners must not queue behind the live ones' advisory locks.
  const locks = sql === db.sql ? db.locks : inProcessLocks;
  const rm = new ReadModels({ store, sql, locks, projections, run: true, runner: FAST });
  await rm.start();
  started.push(rm);
  return rm;
};

const tableOid = async () =>
  (await db.sql.query<{ oid: string }>(`SELECT 'document_status'::regclass::oid::text AS oid`))[0].oid;

describe('the batch paths', () => {
  it('write what one event at a time writes, without falling back', async () => {
    for (let i = 0; i < 20; i++) await newDocument(2 + (i % 6));
    for (let i = 0; i < 40; i++) await reviseSome();
    const events = await store.readAll({ limit: 100_000 });
    const [batched, single] = await Promise.all(
      ['batch', 'one'].map((suffix) => PgClient.connect({ url, schema: `${schema}_${suffix}`, max: 2 })),
    );
    try {
      await migrate(batched, PROJECTIONS);
      await migrate(single, PROJECTIONS);
      for (let i = 0; i < events.length; i += 37) {
        const chunk = events.slice(i, i + 37);
        // No runner here: a batch path that throws fails the test instead of falling back.
        for (const p of PROJECTIONS) await batched.transaction((tx) => p.applyBatch!(tx, chunk));
      }
      for (const e of events) for (const p of PROJECTIONS) await single.transaction((tx) => p.apply(tx, e));
      const [got, want] = [await readModelDigest(batched), await readModelDigest(single)];
      expect(got.history.n).toBe(events.length);
      expect(got).toEqual(want);
    } finally {
      for (const [sql, suffix] of [
        [batched, 'batch'],
        [single, 'one'],
      ] as const) {
        await sql.query(`DROP SCHEMA ${schema}_${suffix} CASCADE`);
        await sql.close();
      }
    }
  });
});

describe('rebuilding projections into shadow tables', () => {
  it('swaps in a from-zero rebuild while the live runner and appends go on: nothing lost or doubled', async () => {
    for (let i = 0; i < 40; i++) await newDocument(3 + (i % 5));
    const live = await start(db.sql, PROJECTIONS);
    let appending = true;
    let last: AppendResult | undefined;
    const appender = (async () => {
      for (let i = 0; appending; i++) last = await (i % 4 === 0 ? newDocument(2) : reviseSome());
    })();
    const before = await tableOid();
    let pages = 0;
    const result = await rebuildProjections({
      store,
      sql: db.sql,
      projections: PROJECTIONS,
      pageSize: 25,
      onProgress: () => void pages++,
    }).finally(() => (appending = false));
    await appender;
    expect(result).toMatchObject({ aborted: false, swapped: ['document_status', 'document_history'] });
    expect(pages).toBeGreaterThan(3);
    expect(await tableOid()).not.toBe(before); // the shadow's table is the live one now
    // More appends after the swap: the live runner carries on from the swapped-in checkpoint.
    for (let i = 0; i < 10; i++) last = await reviseSome();
    expect(await live.waitForPosition(last!.position, 10_000)).toBe(true);

    const ref = await start(refSql, ONE_BY_ONE);
    expect(await ref.waitForPosition(last!.position, 20_000)).toBe(true);
    const [got, want] = [await readModelDigest(db.sql), await readModelDigest(refSql)];
    expect(got.status.n).toBe(revisions.size);
    expect(got).toEqual(want);
    const parked = await db.sql.query('SELECT * FROM projection_parked');
    expect(parked).toEqual([]);
    const shadows = await db.sql.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
      `${schema}__rebuild%`,
    ]);
    expect(shadows).toEqual([]);
    const [leftovers] = await db.sql.query<{ n: number; t: string | null }>(
      `SELECT count(*)::int AS n, string_agg(tablename, ',') AS t FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'rebuild%'`,
      [schema],
    );
    expect(leftovers).toEqual({ n: 0, t: null }); // the shadow's bookkeeping stays behind and is dropped with it
  });

  it('leaves the live tables untouched when interrupted, and resumes the shadow next time', async () => {
    for (let i = 0; i < 30; i++) await newDocument(4);
    const live = await start(db.sql, PROJECTIONS);
    const last = await newDocument(2);
    expect(await live.waitForPosition(last.position, 10_000)).toBe(true);
    await live.stop();
    const [oid, hash] = [await tableOid(), await readModelDigest(db.sql)];
    const abort = new AbortController();
    const interrupted = await rebuildProjections({
      store,
      sql: db.sql,
      projections: PROJECTIONS,
      pageSize: 30,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.applied >= 60) abort.abort();
      },
    });
    expect(interrupted).toMatchObject({ aborted: true, swapped: [] });
    expect(interrupted.applied).toBe(60);
    expect(await tableOid()).toBe(oid);
    expect(await readModelDigest(db.sql)).toEqual(hash);

    const resumed = await rebuildProjections({ store, sql: db.sql, projections: PROJECTIONS, pageSize: 500 });
    expect(resumed).toMatchObject({ aborted: false, resumed: ['document_status', 'document_history'] });
    const total = (await store.readAll({ limit: 100_000 })).length;
    expect(resumed.applied).toBe(total - 60); // read on from the shadow's checkpoint, not from zero
    expect(await tableOid()).not.toBe(oid);
    expect(await readModelDigest(db.sql)).toEqual(hash);
  });

  it('writes each document status row about once (the stream pass), not once per event', async () => {
    // Thirty documents of six events, appended one event at a time in turn: in global order a
    // page of 30 holds one event of each, so folding pages in global order writes every event.
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const id of ids) {
      const result = await store.append(`draft-${id}`, [assigned(id)], { expectedRevision: 'no-stream' });
      revisions.set(id, result.revision);
    }
    for (let r = 0; r < 5; r++)
      for (const id of ids) {
        const result = await store.append(`draft-${id}`, [revised(r)], { expectedRevision: r });
        revisions.set(id, result.revision);
      }
    const counted = countingStatusRows(db.sql);
    const phases = new Set<string>();
    const result = await rebuildProjections({
      store,
      sql: counted.sql,
      projections: PROJECTIONS,
      pageSize: 30,
      fresh: true,
      onProgress: (p) => void phases.add(p.phase),
    });
    expect(result).toMatchObject({ aborted: false, swapped: ['document_status', 'document_history'] });
    const events = (await store.readAll({ limit: 100_000 })).length;
    // At most one row per document, plus one per page for a stream a page boundary split.
    expect(counted.rows()).toBeLessThanOrEqual(revisions.size + Math.ceil(events / 30));
    expect([...phases]).toEqual(['folding-streams', 'swapping']);
    const ref = await start(refSql, ONE_BY_ONE);
    expect(
      await ref.waitForPosition((await store.readAll({ limit: 100_000 })).at(-1)!.position, 20_000),
    ).toBe(true);
    expect(await readModelDigest(db.sql)).toEqual(await readModelDigest(refSql));
  });

  it('folds streams only below the bound: an event a held transaction commits during the pass is caught up, not skipped', async () => {
    const held = randomUUID();
    const other = randomUUID();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedT1 = new Promise<void>((resolve) => (inserted = resolve));
    // T1 appends a new document and stays open: its order key is below anything committed after.
    const t1 = store.sql.transaction(async (tx) => {
      await store.appendInTransaction(tx, `draft-${held}`, [assigned(held)], {
        expectedRevision: 'no-stream',
      });
      inserted();
      await released;
    });
    await insertedT1;
    // T2 commits after T1 began: visible now, but above the bound until T1 ends.
    for (let i = 0; i < 3; i++) await newDocument(3);
    await store.append(`draft-${other}`, [assigned(other)], { expectedRevision: 'no-stream' });
    revisions.set(other, 0);
    const result = await rebuildProjections({
      store,
      sql: db.sql,
      projections: PROJECTIONS,
      pageSize: 20,
      fresh: true,
      onProgress: (p) => {
        if (p.phase === 'folding-streams') release();
      },
    });
    await t1;
    revisions.set(held, 0);
    expect(result).toMatchObject({ aborted: false });
    const live = await start(db.sql, PROJECTIONS);
    const last = await reviseSome();
    expect(await live.waitForPosition(last.position, 10_000)).toBe(true);
    const ref = await start(refSql, ONE_BY_ONE);
    expect(await ref.waitForPosition(last.position, 20_000)).toBe(true);
    const [got, want] = [await readModelDigest(db.sql), await readModelDigest(refSql)];
    expect(got.status.n).toBe(revisions.size);
    expect(got).toEqual(want);
    const [row] = await db.sql.query('SELECT id FROM document_status WHERE id = $1::uuid', [held]);
    expect(row).toBeDefined();
  });
});

describe('the shadow while it is filled', () => {
  it('has no key, unique constraint or index on the history until the load is done; the swapped-in tables have all a migration makes, durable', async () => {
    for (let i = 0; i < 20; i++) await newDocument(3);
    const abort = new AbortController();
    const interrupted = await rebuildProjections({
      store,
      sql: db.sql,
      projections: PROJECTIONS,
      pageSize: 20,
      fresh: true,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect(interrupted).toMatchObject({ aborted: true });
    const shadow = `${schema}__rebuild_document_history`;
    expect((await shapeOf(db.sql, shadow)).find((t) => t.table === 'document_history')).toMatchObject({
      indexes: [],
      constraints: [],
      persistence: 'p', // logged while it fills: a crash keeps what was committed
    });

    const done = await rebuildProjections({ store, sql: db.sql, projections: PROJECTIONS, pageSize: 500 });
    expect(done).toMatchObject({ aborted: false, resumed: ['document_status', 'document_history'] });
    const migrated = await PgClient.connect({ url, schema: `${schema}_shape`, max: 1 });
    try {
      await migrate(migrated, PROJECTIONS);
      const want = await shapeOf(migrated, `${schema}_shape`);
      expect(want.find((t) => t.table === 'document_history')?.constraints).toHaveLength(2);
      expect(await shapeOf(db.sql, schema)).toEqual(want);
    } finally {
      await migrated.query(`DROP SCHEMA ${schema}_shape CASCADE`);
      await migrated.close();
    }
    const ref = await start(refSql, ONE_BY_ONE);
    const last = (await store.readAll({ limit: 100_000 })).at(-1)!.position;
    expect(await ref.waitForPosition(last, 20_000)).toBe(true);
    expect(await readModelDigest(db.sql)).toEqual(await readModelDigest(refSql));
  });
});

/**
 * The read-model tables of a schema as DDL sees them: columns (type, NOT NULL), indexes and
 * constraints by name and definition (schema names left out), and persistence (p: logged).
 */
async function shapeOf(sql: SqlClient, schemaName: string) {
  const tables = await sql.query<{
    table: string;
    persistence: string;
    columns: string[];
    indexes: string[];
    constraints: string[];
  }>(
    `SELECT c.relname AS table, c.relpersistence AS persistence,
            ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
            ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY 1) AS indexes,
            ARRAY(SELECT x.conname || ' ' || pg_get_constraintdef(x.oid) FROM pg_constraint x
                   WHERE x.conrelid = c.oid ORDER BY 1) AS constraints
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname IN ('document_status', 'document_history')
      ORDER BY c.relname`,
    [schemaName],
  );
  return tables.map((t) => ({
    ...t,
    indexes: t.indexes.map((d) => d.replace(` ON ${schemaName}.`, ' ON ')),
  }));
}

/** The read-model client, counting the document_status rows each upsert writes. */
function countingStatusRows(sql: SqlClient): { sql: SqlClient; rows: () => number } {
  let rows = 0;
  const wrap = (client: SqlClient): SqlClient => ({
    query: (text, params, options) => {
      if (/^\s*INSERT INTO document_status\b/.test(text))
        rows += Array.isArray(params?.[0]) ? (params[0] as unknown[]).length : 1;
      return client.query(text, params, options);
    },
    transaction: (fn) => client.transaction((tx) => fn(wrap(tx))),
    close: () => client.close(),
  });
  return { sql: wrap(sql), rows: () => rows };
}
