import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '#event-store';
import { inProcessLocks, PROJECTIONS, READ_MODELS, ReadModels } from '#projections';
import { assigned } from '#projections/testing';
import { pgliteStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';

// Issue 8 item 14: `consistentWith` must not freeze the embedded api. A position beyond the
// store's head is refused at once; waiters share one watch of the checkpoints (woken by the
// runner) instead of each polling the one PGlite connection every 10 ms.
describe('consistentWith on the embedded store', () => {
  let store: TestStore;
  let api: Api;

  beforeAll(async () => {
    store = await pgliteStore();
    // The projections are not run here: a position appended is then reachable but not reached.
    api = await startApi(store.store, { RUN_PROJECTIONS: 'false', READ_CONSISTENCY_TIMEOUT_MS: '30000' });
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('refuses a position beyond the store head at once, with a problem saying so', async () => {
    const started = performance.now();
    const reply = await api.request('GET', '/documents?consistentWith=999999999-1', { user: users.office });
    const ms = performance.now() - started;
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 400,
      code: 'READ.POSITION_BEYOND_HEAD',
    });
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.detail ?? reply.body.title).toMatch(/beyond/);
    expect(ms).toBeLessThan(3000); // at once, not after the 5 s wait bound (generous on a busy CI machine)
  });

  it('keeps plain reads fast while 100 requests wait for a position, and answers them all once it is reached', async () => {
    const id = randomUUID();
    const pg = store.store as PostgresEventStore;
    const appended = await pg.append(`draft-${id}`, [assigned(id)], { expectedRevision: 'no-stream' });
    const position = `${appended.position.commit}-${appended.position.prepare}`;
    const waiting = Array.from({ length: 100 }, () =>
      api.request('GET', `/documents?consistentWith=${position}`, { user: users.office }),
    );
    const readModels = api.app.get<ReadModels>(READ_MODELS);
    for (let i = 0; readModels.waiting < 100; i++) {
      if (i > 1500) throw new Error(`only ${readModels.waiting} requests waiting`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const started = performance.now();
    const plain = await api.request('GET', '/documents', { user: users.office });
    const ms = performance.now() - started;
    expect(plain.status).toBe(200);
    // Before: 100 poll loops of 10 ms starved the embedded process (7.5 s here, 23 s seen); a
    // bound well under that, generous for a busy CI machine.
    expect(ms).toBeLessThan(3000);

    // A worker on the same database moves the checkpoints: the one shared watch answers everyone.
    const worker = new ReadModels({
      store: pg,
      sql: pg.sql,
      locks: inProcessLocks,
      projections: PROJECTIONS,
      run: true,
    });
    await worker.start();
    try {
      const answers = await Promise.all(waiting);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    } finally {
      await worker.stop();
    }
  });
});
