// The in-app inbox over HTTP on the real PostgreSQL: newest first by the time a notice was sent
// (then by id), whatever the ids' number of digits; keyset pages; a bad cursor or limit is a 400.
import { randomUUID } from 'node:crypto';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import type { NewNotification } from '#notifications';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('GET /me/notifications', () => {
  let store: TestStore;
  let api: Api;
  let runtime: DeadlineReads;
  /** The appraiser's notices, oldest first: 120 of them, ids 1…120, three per instant. */
  const keys: string[] = [];

  const notice = (i: number): NewNotification => ({
    key: `n-${i}`,
    userId: users.appraiser.sub,
    kind: 'reminder',
    documentId: randomUUID(),
    clockId: `c-${i}`,
    clock: 'appraisal_report',
    dueAt: '2026-03-01T17:00:00.000Z',
    message: `Nhắc hạn ${i}`,
    // Ties on the instant: the id decides among them.
    createdAt: new Date(Date.UTC(2026, 1, 1) + Math.floor(i / 3) * 60_000).toISOString(),
  });

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store, { RUN_DEADLINES: 'false' });
    runtime = api.app.get<DeadlineReads>(DEADLINES);
    for (let i = 1; i <= 120; i++) {
      await runtime.inbox.record(notice(i));
      keys.push(`n-${i}`);
    }
    // Another person's notice is never listed.
    await runtime.inbox.record({ ...notice(999), userId: users.lead.sub });
  });

  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  const get = (query = '', user = users.appraiser) =>
    api.request('GET', `/me/notifications${query}`, { user });
  const newestFirst = () => [...keys].reverse();

  it('shows the newest 50 first, across digit boundaries of the ids', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect((res.body.notifications as Json[]).map((n) => n.key)).toEqual(newestFirst().slice(0, 50));
    expect(typeof res.body.nextCursor).toBe('string');
  });

  it('pages through every notice once, in order, by nextCursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: { status: number; body: Json } = await get(
        `?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.notifications.length).toBeLessThanOrEqual(7);
      seen.push(...(res.body.notifications as Json[]).map((n) => n.key));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) break;
    }
    expect(seen).toEqual(newestFirst());
    expect((await get('?limit=200')).body).toMatchObject({ nextCursor: null });
  });

  it('answers 400 to a malformed cursor or limit, or an unknown parameter', async () => {
    const forged = Buffer.from(JSON.stringify({ t: 'yesterday', i: '1' })).toString('base64url');
    for (const query of [
      '?cursor=not-a-cursor',
      `?cursor=${forged}`,
      '?limit=0',
      '?limit=abc',
      '?limit=201',
      '?limit=1000000',
      '?sort=id',
    ]) {
      const res = await get(query);
      expect([query, res.status, res.headers.get('content-type')]).toEqual([
        query,
        400,
        expect.stringContaining('application/problem+json'),
      ]);
    }
  });

  it('marks one of your own read, once; another person’s is 404', async () => {
    const [first] = (await get('?limit=1')).body.notifications as Json[];
    expect(first.readAt).toBeNull();
    expect(
      (await api.request('POST', `/me/notifications/${first.id}/read`, { user: users.appraiser })).status,
    ).toBe(204);
    expect(
      (await api.request('POST', `/me/notifications/${first.id}/read`, { user: users.lead })).status,
    ).toBe(404);
    const [again] = (await get('?limit=1')).body.notifications as Json[];
    expect(again.readAt).not.toBeNull();
  });
});
