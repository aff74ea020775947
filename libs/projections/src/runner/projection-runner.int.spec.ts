import { randomBytes, randomUUID } from 'node:crypto';
import {
  createPgEventStore,
  formatPosition,
  type AppendResult,
  type PostgresEventStore,
  type RecordedEvent,
  type SqlClient,
} from '#event-store';
import { documentHistoryProjection } from '../document-history/document-history.projection.js';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import type { Projection } from '../projection.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { ReadModels } from '../read-models.js';
import { assigned, revised } from '../testing/draft-events.js';
import { ProjectionRunner } from './projection-runner.js';
import { migrate } from './runner-tables.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `proj_test_${randomBytes(6).toString('hex')}`;
const FAST = { idleMs: 10, standbyMs: 50, errorBackoffMs: 50 };

let store: PostgresEventStore;
let db: ReadModelDatabase;
const started: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  store = await createPgEventStore({ url, schema, max: 10 });
  db = (await openReadModelDatabase(undefined, store))!;
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store?.close();
});

const newDocument = async (n = 2, title?: string): Promise<{ id: string; last: AppendResult }> => {
  const id = randomUUID();
  const events = [assigned(id, { title }), ...Array.from({ length: n - 1 }, (_, i) => revised(i))];
  return { id, last: await store.append(`draft-${id}`, events, { expectedRevision: 'no-stream' }) };
};

const readModels = async (projections: readonly Projection[], runner = {}) => {
  const rm = new ReadModels({
    store,
    sql: db.sql,
    locks: db.locks,
    projections,
    run: true,
    runner: { ...FAST, ...runner },
  });
  await rm.start();
  started.push(rm);
  return rm;
};

/** A projection counting how often it saw each event: exactly-once means every count is 1. */
const counting = (
  name: string,
  poison?: (e: RecordedEvent) => boolean,
  calls: string[] = [],
): Projection => ({
  name,
  version: 1,
  migrations: [`CREATE TABLE ${name} (event_id uuid PRIMARY KEY, n integer NOT NULL)`],
  async apply(tx: SqlClient, e: RecordedEvent) {
    calls.push(e.id);
    await tx.query(
      `INSERT INTO ${name} (event_id, n) VALUES ($1::uuid, 1) ON CONFLICT (event_id) DO UPDATE SET n = ${name}.n + 1`,
      [e.id],
    );
    if (poison?.(e)) throw new Error(`poison ${e.id}`);
  },
});

const counts = async (name: string) =>
  (await db.sql.query<{ n: number }>(`SELECT n FROM ${name}`)).map((r) => Number(r.n));

describe('projection runner on PostgreSQL', () => {
  it('projects document_status and document_history, and waits for a position', async () => {
    const rm = await readModels([documentStatusProjection, documentHistoryProjection]);
    const { id, last } = await newDocument(3, 'Quyết định về đất đai');
    expect(await rm.waitForPosition(last.position, 5000)).toBe(true);
    const [row] = await db.sql.query<{
      stage: string;
      revision: number;
      title_folded: string;
      position: string;
    }>(
      `SELECT stage, revision, title_folded, last_commit::text || '-' || last_prepare::text AS position
         FROM document_status WHERE id = $1::uuid`,
      [id],
    );
    expect(row).toEqual({
      stage: 'revising',
      revision: 2,
      title_folded: 'quyet dinh ve dat dai',
      position: formatPosition(last.position),
    });
    const history = await db.sql.query<{ type: string }>(
      'SELECT type FROM document_history WHERE document_id = $1::uuid ORDER BY revision',
      [id],
    );
    expect(history.map((h) => h.type)).toEqual(['DraftAssigned', 'DraftingStarted', 'DraftRevised']);
    const far = { commit: last.position.commit + 1_000_000n, prepare: 0n };
    await expect(rm.waitForPosition(far, 100)).rejects.toThrow(/beyond the store's head/);
    const [status] = await rm.status();
    expect(status).toMatchObject({ name: 'document_status', parked: 0, activeHere: true });
  });

  it("reads in pages of the projection's own batch size when it names one", async () => {
    // The deadlines projection catches up in pages of 1,000 (a page is a transaction and a
    // commit; the outbox is drained behind it), the others in the runner's 200.
    const batches: number[] = [];
    const paged: Projection = {
      ...counting(`paged_${randomBytes(4).toString('hex')}`),
      batchSize: 3,
      async applyBatch(tx: SqlClient, events: readonly RecordedEvent[]) {
        batches.push(events.length);
        for (const e of events) await paged.apply(tx, e);
      },
    };
    const { last } = await newDocument(7);
    const rm = await readModels([paged]);
    expect(await rm.waitForPosition(last.position, 10_000)).toBe(true);
    expect(batches.length).toBeGreaterThan(2);
    expect(Math.max(...batches)).toBe(3);
  });

  it('applies every event exactly once when a batch dies before its commit', async () => {
    const name = `count_${randomBytes(3).toString('hex')}`;
    let crashes = 0;
    const beforeCheckpoint = () => {
      if (crashes++ < 3) throw new Error('simulated crash inside the batch transaction');
    };
    const rm = await readModels([counting(name)], { batchSize: 7, beforeCheckpoint });
    const docs = await Promise.all(Array.from({ length: 5 }, () => newDocument(4)));
    expect(await rm.waitForPosition(docs[4].last.position, 10_000)).toBe(true);
    await rm.stop(); // a runner stopped mid-way, then a new one resumes from the checkpoint
    const more = await newDocument(4);
    const again = await readModels([counting(name)], { batchSize: 7 });
    expect(await again.waitForPosition(more.last.position, 10_000)).toBe(true);
    const n = await counts(name);
    expect(crashes).toBeGreaterThan(3);
    expect(n.length).toBeGreaterThanOrEqual(24);
    expect(n.every((c) => c === 1)).toBe(true);
  });

  it('parks a poison event after its attempts and keeps going, without stopping others', async () => {
    const name = `poison_${randomBytes(3).toString('hex')}`;
    const calls: string[] = [];
    const poison = (e: RecordedEvent) => e.data.summary === 'poison';
    const rm = await readModels([counting(name, poison, calls), documentStatusProjection], {
      maxAttempts: 3,
    });
    const doc = await newDocument(1);
    const poisoned = { ...revised(1), data: { revision: 1, summary: 'poison' } };
    const bad = await store.append(`draft-${doc.id}`, [revised(0), poisoned], { expectedRevision: 0 });
    const after = await newDocument(2);
    expect(await rm.waitForPosition(after.last.position, 10_000)).toBe(true);
    const [parked] = await db.sql.query<{ attempts: number; error: string; position: string }>(
      `SELECT attempts, error, commit::text || '-' || prepare::text AS position FROM projection_parked WHERE name = $1`,
      [name],
    );
    expect(parked).toMatchObject({ attempts: 3, position: formatPosition(bad.position) });
    expect(parked.error).toMatch(/poison/);
    expect(calls.filter((id) => id === poisoned.id).length).toBe(4); // the fast pass, then 3 attempts
    expect((await counts(name)).every((c) => c === 1)).toBe(true); // the poison's writes rolled back
    const statuses = await rm.status();
    expect(statuses.find((s) => s.name === name)?.parked).toBe(1);
    expect(statuses.find((s) => s.name === 'document_status')?.parked).toBe(0);
  });

  it('runs one active runner per projection across connections, and fails over', async () => {
    const name = `lock_${randomBytes(3).toString('hex')}`;
    await migrate(db.sql, [counting(name)]);
    const runner = () =>
      new ProjectionRunner({ store, sql: db.sql, projection: counting(name), lock: db.locks(name), ...FAST });
    const [a, b] = [runner(), runner()];
    started.push(a, b);
    a.start();
    b.start();
    const first = await newDocument(2);
    await until(async () => (await checkpoint(name)) === formatPosition(first.last.position));
    const active = () => [a, b].filter((r) => r.snapshot().active);
    expect(active()).toHaveLength(1);
    const [holder] = active();
    const [killed] = await db.sql.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND ((classid::bigint << 32) | objid::bigint) = hashtext('draftline-projection:' || current_schema() || ':' || $1)::bigint`,
      [name],
    );
    expect(killed.n).toBe(1);
    // A dead process does not try again: stop the holder's loop without waiting for it.
    const holderStopped = holder.stop();
    const second = await newDocument(2);
    await until(async () => (await checkpoint(name)) === formatPosition(second.last.position));
    await until(async () => active().length === 1 && active()[0] !== holder);
    await holderStopped;
    expect((await counts(name)).every((c) => c === 1)).toBe(true);
  });

  it.each(['commit', 'rollback'] as const)(
    'does not pass a transaction held open: T2 waits for T1 (T1: %s)',
    async (outcome) => {
      const applied: string[] = [];
      const spy: Projection = {
        name: `spy_${outcome}`,
        version: 1,
        migrations: [],
        apply: async (_tx, e) => void applied.push(e.id),
      };
      const rm = await readModels([documentStatusProjection, spy]);
      const [t1Doc, t2Doc] = [randomUUID(), randomUUID()];
      const t1Event = assigned(t1Doc);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const t1Inserted = new Promise<void>((resolve) => (inserted = resolve));
      const t1 = store.sql
        .transaction(async (tx) => {
          await store.appendInTransaction(tx, `draft-${t1Doc}`, [t1Event], { expectedRevision: 'no-stream' });
          inserted();
          await released;
          if (outcome === 'rollback') throw new Error('roll back T1');
        })
        .catch(() => 'rolled back');
      try {
        await t1Inserted;
        const t2Event = assigned(t2Doc);
        const t2 = await store.append(`draft-${t2Doc}`, [t2Event], { expectedRevision: 'no-stream' });
        expect(await rm.waitForPosition(t2.position, 400)).toBe(false); // the runner must not pass T1
        const seen = await db.sql.query(
          'SELECT id FROM document_status WHERE id = ANY(ARRAY[$1, $2]::uuid[])',
          [t1Doc, t2Doc],
        );
        expect(seen).toEqual([]);
        release();
        await t1;
        expect(await rm.waitForPosition(t2.position, 5000)).toBe(true);
        const rows = await db.sql.query<{ id: string }>(
          'SELECT id::text AS id FROM document_status WHERE id = ANY(ARRAY[$1, $2]::uuid[])',
          [t1Doc, t2Doc],
        );
        expect(rows.map((r) => r.id).sort()).toEqual(
          (outcome === 'commit' ? [t1Doc, t2Doc] : [t2Doc]).sort(),
        );
        const order = applied.filter((id) => id === t1Event.id || id === t2Event.id);
        expect(order).toEqual(outcome === 'commit' ? [t1Event.id, t2Event.id] : [t2Event.id]);
      } finally {
        release();
        await t1;
      }
    },
  );
});

const checkpoint = async (name: string) =>
  (
    await db.sql.query<{ p: string }>(
      `SELECT commit::text || '-' || prepare::text AS p FROM projection_checkpoints WHERE name = $1`,
      [name],
    )
  )[0]?.p;

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
