import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '#event-store';
import { openReadModelDatabase, PROJECTIONS, ReadModels } from '#projections';
import { assigned, revised } from '#projections/testing';
import { DATABASE_URL, postgresStore, type TestStore } from '../support/stores.js';
import { freePort } from '../reliability/support/processes.js';
import { startApi, type Api } from '../support/http.js';

// Issue 8 item 2: /health/ready must see a dead or stalled read side. Server mode on the real
// PostgreSQL and Redis: the api does not run the projections; a worker (ReadModels here) does.
const BOUNDS = {
  READY_MAX_EVENTS_BEHIND: '0',
  READY_MAX_PROJECTION_LAG_MS: '60000',
  READY_MAX_OUTBOX_ROWS: '50',
  READY_REDIS_TIMEOUT_MS: '300',
};
// A port nothing listens on as the file starts (a fixed one may be held by any connection).
const NOTHING_LISTENS = `redis://127.0.0.1:${await freePort()}`;

describe('readiness over HTTP on PostgreSQL and Redis', () => {
  let store: TestStore;
  let pg: PostgresEventStore;
  let api: Api;
  let worker: ReadModels | undefined;

  const startWorker = async () => {
    const db = (await openReadModelDatabase(undefined, pg))!;
    worker = new ReadModels({
      store: pg,
      sql: db.sql,
      locks: db.locks,
      projections: PROJECTIONS,
      run: true,
      runner: { idleMs: 10, standbyMs: 50 },
    });
    await worker.start();
  };
  const stopWorker = async () => {
    await worker?.stop();
    worker = undefined;
  };
  const ready = () => api.request('GET', '/health/ready');
  /** Polls (bounded) until readiness answers `status`; returns that answer. */
  const until = async (status: number) => {
    for (let i = 0; ; i++) {
      const reply = await ready();
      if (reply.status === status) return reply;
      if (i > 200) throw new Error(`readiness stayed ${reply.status}: ${JSON.stringify(reply.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const newDocument = async () => {
    const id = randomUUID();
    return pg.append(`draft-${id}`, [assigned(id), revised(0)], { expectedRevision: 'no-stream' });
  };

  beforeAll(async () => {
    store = await postgresStore();
    pg = store.store as PostgresEventStore;
    api = await startApi(pg, { EVENT_STORE_URL: DATABASE_URL, RUN_PROJECTIONS: 'false', ...BOUNDS });
    await startWorker();
  });
  afterAll(async () => {
    await stopWorker();
    await api?.close();
    await store?.cleanup();
  });

  it('is ready when the worker keeps up and Redis answers', async () => {
    await newDocument();
    const reply = await until(200);
    expect(reply.body).toMatchObject({ status: 'ok', reasons: [], redis: { ok: true, checked: true } });
    expect(reply.body.outbox).toMatchObject({ ok: true, rows: expect.any(Number) }); // the clocks' jobs, not carried here
    // Item 8: the holiday data's reach is shown; running out is a warning, never not-ready.
    expect(reply.body.holidays).toMatchObject({
      coveredThrough: expect.any(Number),
      status: expect.any(String),
    });
    expect(reply.body.warnings).toEqual(
      reply.body.holidays.status === 'ok' ? [] : [reply.body.holidays.message],
    );
  });

  it('goes not-ready with the real lag when the worker stops, and ready again when it resumes', async () => {
    await stopWorker();
    const appended = [await newDocument(), await newDocument()];
    // The events were appended five minutes ago, as after a worker killed that long ago.
    await pg.sql.query(
      `UPDATE events SET recorded_at = recorded_at - interval '5 minutes' WHERE stream_id = ANY($1)`,
      [appended.map((a) => a.streamId)],
    );
    const reply = await ready();
    expect(reply.status).toBe(503);
    const status = reply.body.readModels.projections.find(
      (p: { name: string }) => p.name === 'document_status',
    );
    expect(status).toMatchObject({ eventsBehind: 4 });
    expect(status.lagMs).toBeGreaterThanOrEqual(300_000);
    expect(reply.body.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/document_status: 4 events not projected/),
        expect.stringMatching(/document_status: the oldest unprojected event is 30\d s old/),
      ]),
    );
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/draftline_projection_events_behind\{projection="document_status"\} 4/);
    expect(metrics).toMatch(/draftline_projection_lag_seconds\{projection="document_status"\} 30\d/);

    await startWorker();
    await until(200);
  });

  it('counts the events held behind a long-open transaction as not projected', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const t1Inserted = new Promise<void>((resolve) => (inserted = resolve));
    const t1Id = randomUUID();
    const t1 = pg.sql.transaction(async (tx) => {
      await pg.appendInTransaction(tx, `draft-${t1Id}`, [assigned(t1Id)], { expectedRevision: 'no-stream' });
      inserted();
      await released;
    });
    try {
      await t1Inserted;
      await newDocument(); // committed after T1 began: the snapshot rule hides it while T1 is open
      const reply = await until(503);
      const status = reply.body.readModels.projections.find(
        (p: { name: string }) => p.name === 'document_status',
      );
      expect(status.eventsBehind).toBe(2);
      expect(status.eventsHeldBack).toBe(2);
    } finally {
      release();
      await t1;
    }
    await until(200);
  });

  it('goes not-ready when the deadline outbox grows past its bound', async () => {
    await pg.sql.query(
      `INSERT INTO deadline_outbox (op, job_id, job_name, clock_id) SELECT 'add', 'j' || g, 'reminder', 'c' FROM generate_series(1, 60) g`,
    );
    try {
      const reply = await until(503);
      expect(reply.body.outbox).toMatchObject({ ok: false });
      expect(reply.body.outbox.rows).toBeGreaterThan(50);
      expect(reply.body.reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`deadline outbox holds ${reply.body.outbox.rows} rows`)),
        ]),
      );
      expect(await (await fetch(`${api.baseUrl}/metrics`)).text()).toMatch(
        new RegExp(`draftline_deadline_outbox_rows ${reply.body.outbox.rows}`),
      );
    } finally {
      await pg.sql.query(`DELETE FROM deadline_outbox WHERE clock_id = 'c'`);
    }
    await until(200);
  });

  it('goes not-ready when Redis does not answer', async () => {
    const noRedis = await startApi(pg, {
      EVENT_STORE_URL: DATABASE_URL,
      RUN_PROJECTIONS: 'false',
      ...BOUNDS,
      REDIS_URL: NOTHING_LISTENS,
    });
    try {
      const started = performance.now();
      const reply = await noRedis.request('GET', '/health/ready');
      expect(performance.now() - started).toBeLessThan(3000);
      expect(reply.status).toBe(503);
      expect(reply.body.redis).toMatchObject({ ok: false });
      expect(reply.body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/Redis/)]));
    } finally {
      await noRedis.close();
    }
  });
});
