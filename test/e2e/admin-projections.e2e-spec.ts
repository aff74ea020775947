import type { PostgresEventStore } from '#event-store';
import { pgliteStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

// Issue 8 item 7: parked events are listed, replayed and skipped by an admin over HTTP; they show
// in the metrics and make the api not-ready past READY_MAX_PARKED_EVENTS (default 0).
describe('admin: parked projection events', () => {
  let store: TestStore;
  let api: Api;
  const sql = () => (store.store as PostgresEventStore).sql;

  beforeAll(async () => {
    store = await pgliteStore();
    api = await startApi(store.store, { RUN_DEADLINES: 'false' });
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('lists, replays and skips them; metric and readiness follow', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, {
      kind: 'committee_decision',
      title: 'Quyết định cần phát lại',
      agency: 'so-khcn',
      procedure: 'standard',
      origin: 'additional',
      year: 2026,
    });
    const settled = await api.request('GET', `/documents/${doc.id}?consistentWith=${doc.position}`, {
      user: users.office,
    });
    expect(settled.status).toBe(200);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);

    // As if the projection had failed on the document's first event: its row is missing, the event parked.
    await sql().query('DELETE FROM document_status WHERE id = $1::uuid', [doc.id]);
    const [event] = await sql().query<{ id: string }>(
      `INSERT INTO projection_parked (name, event_id, commit, prepare, error, attempts, stream_id, revision)
       SELECT 'document_status', id, commit_order, position, 'TypeError: a bug', 3, stream_id, revision
         FROM events WHERE stream_id = $1 AND revision = 0 RETURNING event_id::text AS id`,
      [`draft-${doc.id}`],
    );

    const notReady = await api.request('GET', '/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/document_status: 1 parked event/)]),
    );
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/draftline_projection_parked_events\{projection="document_status"\} 1/);

    const forbidden = await api.request('GET', '/admin/projections/parked', { user: users.office });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const listed = await api.request('GET', '/admin/projections/parked?projection=document_status', {
      user: users.admin,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.parked).toEqual([
      expect.objectContaining({ eventId: event.id, streamId: `draft-${doc.id}`, revision: 0, attempts: 3 }),
    ]);
    const unknown = await api.request('GET', '/admin/projections/parked?projection=nope', {
      user: users.admin,
    });
    expect(unknown.status).toBe(404);
    const badId = await api.request('POST', '/admin/projections/document_status/parked/not-a-uuid/replay', {
      user: users.admin,
    });
    expect(badId.status).toBe(400);
    expect(badId.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const replayed = await api.request(
      'POST',
      `/admin/projections/document_status/parked/${event.id}/replay`,
      {
        user: users.admin,
      },
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ eventId: event.id, outcome: 'applied' });
    const back = await api.request('GET', `/documents/${doc.id}`, { user: users.office });
    expect(back.status).toBe(200);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);

    // Replaying it again: no longer parked (404); a second replay that fails stays parked (409).
    const again = await api.request('POST', `/admin/projections/document_status/parked/${event.id}/replay`, {
      user: users.admin,
    });
    expect(again.status).toBe(404);
    await sql().query(
      `INSERT INTO projection_parked (name, event_id, commit, prepare, error, attempts, stream_id, revision)
       SELECT 'document_status', id, commit_order, position, 'seeded', 3, stream_id, revision
         FROM events WHERE id = $1::uuid`,
      [event.id],
    );
    const fails = await api.request('POST', `/admin/projections/document_status/parked/${event.id}/replay`, {
      user: users.admin,
    });
    expect(fails.status).toBe(409); // the row exists now: revision 0 again is a gap
    expect(fails.body).toMatchObject({ code: 'PROJECTIONS.REPLAY_FAILED', eventId: event.id });
    const skipped = await api.request('POST', `/admin/projections/document_status/parked/${event.id}/skip`, {
      user: users.admin,
    });
    expect(skipped.status).toBe(204);
    const none = await api.request('GET', '/admin/projections/parked', { user: users.admin });
    expect(none.body.parked).toEqual([]);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
  });
});
