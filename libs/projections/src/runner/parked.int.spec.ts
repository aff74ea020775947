import { randomBytes, randomUUID } from 'node:crypto';
import {
  createPgEventStore,
  type PostgresEventStore,
  type RecordedEvent,
  type SqlClient,
} from '#event-store';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import type { Projection } from '../projection.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { ReadModels } from '../read-models.js';
import { assigned, revised } from '../testing/draft-events.js';
import { listParked, replayParked, skipParked } from './parked.js';

// Issue 8 item 7: a statement timeout, a deadlock or a full disk is not poison. Transient errors
// back off and retry the batch (the checkpoint waits); only deterministic errors park, and an
// admin can list, replay and skip what was parked.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `parked_test_${randomBytes(6).toString('hex')}`;
const FAST = { idleMs: 10, standbyMs: 50, errorBackoffMs: 5, maxErrorBackoffMs: 40 };

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

const readModels = async (projections: readonly Projection[]) => {
  const rm = new ReadModels({ store, sql: db.sql, locks: db.locks, projections, run: true, runner: FAST });
  await rm.start();
  started.push(rm);
  return rm;
};

const checkpointOf = async (name: string) =>
  (
    await db.sql.query<{ p: string }>(
      `SELECT commit::text || '-' || prepare::text AS p FROM projection_checkpoints WHERE name = $1`,
      [name],
    )
  )[0]?.p;

describe('transient errors in a projection', () => {
  it('back off and retry a statement timeout without parking, the checkpoint waiting meanwhile', async () => {
    const name = `timeout_${randomBytes(3).toString('hex')}`;
    const doc = randomUUID();
    const flaky = randomUUID();
    let failures = 0;
    const checkpointsWhileFailing = new Set<string | undefined>();
    const projection: Projection = {
      name,
      version: 1,
      migrations: [`CREATE TABLE ${name} (event_id uuid PRIMARY KEY, n integer NOT NULL)`],
      async apply(tx: SqlClient, e: RecordedEvent) {
        if (e.id === flaky && failures < 8) {
          failures++;
          checkpointsWhileFailing.add(await checkpointOf(name));
          // A real statement timeout (SQLSTATE 57014), as a slow disk or a long lock would give.
          await tx.query(`SELECT set_config('statement_timeout', '1ms', true)`);
          await tx.query('SELECT pg_sleep(0.2)');
        }
        await tx.query(
          `INSERT INTO ${name} (event_id, n) VALUES ($1::uuid, 1) ON CONFLICT (event_id) DO UPDATE SET n = ${name}.n + 1`,
          [e.id],
        );
      },
    };
    const rm = await readModels([projection]);
    const first = await store.append(`draft-${doc}`, [assigned(doc)], { expectedRevision: 'no-stream' });
    expect(await rm.waitForPosition(first.position, 5000)).toBe(true);
    const flakyEvent = { ...revised(0), id: flaky };
    const last = await store.append(`draft-${doc}`, [flakyEvent, revised(1)], { expectedRevision: 0 });

    expect(await rm.waitForPosition(last.position, 15_000)).toBe(true);
    expect(failures).toBe(8);
    expect(await listParked(db.sql, name)).toEqual([]);
    const counts = await db.sql.query<{ n: number }>(`SELECT n FROM ${name}`);
    expect(counts.map((c) => Number(c.n))).toEqual([1, 1, 1]); // each event applied once
    // While the timeouts lasted, the checkpoint stayed before the flaky event.
    expect([...checkpointsWhileFailing]).toEqual([`${first.position.commit}-${first.position.prepare}`]);
  });
});

describe('parked events', () => {
  it('are listed, replayed in order (un-parking a frozen document) and skipped', async () => {
    let broken = true;
    const doc = randomUUID();
    const other = randomUUID();
    // document_status with a bug that hits one document's DraftRevised while `broken` holds.
    const buggy: Projection = {
      ...documentStatusProjection,
      applyBatch: undefined,
      async apply(tx, e) {
        if (broken && e.streamId === `draft-${doc}` && e.revision === 2)
          throw new TypeError('a bug in the projection');
        return documentStatusProjection.apply(tx, e);
      },
    };
    const rm = await readModels([buggy]);
    await store.append(`draft-${doc}`, [assigned(doc), revised(0), revised(1), revised(2)], {
      expectedRevision: 'no-stream',
    });
    const skipped = { ...revised(0), data: { revision: 1, summary: 'skip me' } };
    await store.append(`draft-${other}`, [assigned(other)], { expectedRevision: 'no-stream' });
    const last = await store.append(`draft-${other}`, [skipped], { expectedRevision: 0 });
    expect(await rm.waitForPosition(last.position, 10_000)).toBe(true);

    // One bug froze the document: its later event fails the revision check and is parked too.
    const parked = await listParked(db.sql, 'document_status');
    expect(parked.map((p) => [p.streamId, p.revision])).toEqual([
      [`draft-${doc}`, 2],
      [`draft-${doc}`, 3],
    ]);
    expect(parked[0].error).toMatch(/TypeError: a bug in the projection/);
    expect(parked[1].error).toMatch(/revision 3, expected 2/);

    broken = false; // the bug is fixed (a new release): replay every parked event, in order
    const replayed = await replayParked({ store, sql: db.sql, projection: buggy });
    expect(replayed.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(await listParked(db.sql, 'document_status')).toEqual([]);
    const [row] = await db.sql.query<{ revision: number }>(
      'SELECT revision FROM document_status WHERE id = $1::uuid',
      [doc],
    );
    expect(row.revision).toBe(3);

    // A replay that fails again keeps the event parked and says why.
    const buggyAgain: Projection = {
      ...buggy,
      async apply(tx, e) {
        if (e.streamId === `draft-${other}` && e.revision === 1) throw new TypeError('still broken');
        return buggy.apply(tx, e);
      },
    };
    await db.sql.query(
      `INSERT INTO projection_parked (name, event_id, commit, prepare, error, attempts, stream_id, revision)
       SELECT 'document_status', id, commit_order, position, 'seeded', 3, stream_id, revision
         FROM events WHERE id = $1::uuid`,
      [skipped.id],
    );
    const failed = await replayParked({ store, sql: db.sql, projection: buggyAgain, eventId: skipped.id });
    expect(failed).toEqual([
      expect.objectContaining({
        eventId: skipped.id,
        outcome: 'failed',
        error: expect.stringMatching(/still broken/),
      }),
    ]);
    const [kept] = await listParked(db.sql, 'document_status');
    expect(kept).toMatchObject({ eventId: skipped.id, attempts: 4 });

    expect(await skipParked(db.sql, 'document_status', skipped.id)).toBe(true);
    expect(await skipParked(db.sql, 'document_status', skipped.id)).toBe(false);
    expect(await listParked(db.sql)).toEqual([]);
  });
});
