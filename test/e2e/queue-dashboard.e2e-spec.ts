// The queue dashboard (Bull Board at /admin/queues), admin only: the real app over HTTP, a
// PostgreSQL schema, the real Redis under prefixes of this file's own. One api hosts the deadline
// queues (RUN_DEADLINES=true); a second, in server mode (RUN_DEADLINES=false), shows the queues
// that other processes fill, through read-only handles.
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const embeddedPrefix = `test-e2e-${randomBytes(5).toString('hex')}`;
const serverPrefix = `test-e2e-${randomBytes(5).toString('hex')}`;
const API = '/admin/queues/api/queues?activeQueue=deadlines&status=failed&page=1&jobsPerPage=10';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return (await redis.keys(`${prefix}:*`)).sort();
  } finally {
    redis.disconnect();
  }
}

describe('queue dashboard at /admin/queues (admin only, real Redis)', () => {
  let store: TestStore;
  let api: Api;
  let server: Api;

  beforeAll(async () => {
    store = await postgresStore();
    const common = { DEADLINE_RULES: 'test', REDIS_URL, RUN_PROJECTIONS: 'true' };
    api = await startApi(store.store, { ...common, RUN_DEADLINES: 'true', QUEUE_PREFIX: embeddedPrefix });
    server = await startApi(store.store, {
      ...common,
      RUN_DEADLINES: 'false',
      RUN_PROJECTIONS: 'false',
      QUEUE_PREFIX: serverPrefix,
    });
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
    await store?.cleanup();
    await deleteKeysWithPrefix(embeddedPrefix, serverPrefix);
  });

  const isProblem = (reply: { headers: Headers; body: Json }, status: number, code: string) => {
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ status, code });
  };

  it('answers 401 without a token, with a malformed or forged one, as problem+json', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', API, '/admin/queues/static/js/main.js']) {
      const none = await api.request('GET', path);
      expect([path, none.status]).toEqual([path, 401]);
      isProblem(none, 401, 'AUTH.UNAUTHENTICATED');
    }
    const forged = await api.request('GET', '/admin/queues', { token: 'e30.e30.c2lnbmF0dXJl' });
    isProblem(forged, 401, 'AUTH.UNAUTHENTICATED');
    const malformed = await api.request('GET', '/admin/queues', { headers: { authorization: 'Basic x' } });
    isProblem(malformed, 401, 'AUTH.UNAUTHENTICATED');
    const expired = await api.request('GET', '/admin/queues', { token: await api.token(users.admin, -60) });
    isProblem(expired, 401, 'AUTH.UNAUTHENTICATED');
  });

  it('answers 403 to every role but admin, as problem+json', async () => {
    for (const user of [users.drafter, users.lead, users.office, users.inspector]) {
      const page = await api.request('GET', '/admin/queues', { user });
      isProblem(page, 403, 'AUTH.FORBIDDEN');
      const json = await api.request('GET', API, { user });
      isProblem(json, 403, 'AUTH.FORBIDDEN');
    }
  });

  it('shows an admin the Bull Board page and the deadline queues', async () => {
    const page = await api.request('GET', '/admin/queues', { user: users.admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.body).toContain('Draftline queues');
    expect(page.body).toContain('<base href="/admin/queues/" />');
    // The page's own scripts come from under the mount, behind the same check.
    const script = /src="(static\/js\/main\.[a-z0-9]+\.js)"/.exec(page.body)![1];
    const asset = await api.request('GET', `/admin/queues/${script}`, { user: users.admin });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await api.request('GET', `/admin/queues/${script}`)).status).toBe(401);

    const json = await api.request('GET', API, { user: users.admin });
    expect(json.status).toBe(200);
    const queues = json.body.queues as Json[];
    expect(queues.map((q) => q.name).sort()).toEqual(['deadlines', 'deliveries']);
    for (const queue of queues) {
      expect(queue).toMatchObject({ readOnlyMode: true, allowRetries: false });
      expect(Object.keys(queue.counts)).toEqual(expect.arrayContaining(['delayed', 'failed', 'waiting']));
    }
  });

  it('is read-only: no method but GET or HEAD gets through, even for an admin', async () => {
    for (const path of [
      '/admin/queues/api/queues/deadlines/pause',
      '/admin/queues/api/queues/deadlines/empty',
    ]) {
      const admin = await api.request('PUT', path, { user: users.admin });
      expect(admin.headers.get('allow')).toBe('GET, HEAD');
      isProblem(admin, 405, 'HTTP.METHOD_NOT_ALLOWED');
      isProblem(await api.request('PUT', path, { user: users.drafter }), 403, 'AUTH.FORBIDDEN');
      isProblem(await api.request('PUT', path), 401, 'AUTH.UNAUTHENTICATED');
    }
    const deleted = await api.request('DELETE', '/admin/queues/api/queues/deadlines/clean/failed', {
      user: users.admin,
    });
    isProblem(deleted, 405, 'HTTP.METHOD_NOT_ALLOWED');
  });

  it("lets a browser in with an admin's HttpOnly, SameSite=Strict session cookie", async () => {
    isProblem(await api.request('POST', '/admin/session'), 401, 'AUTH.UNAUTHENTICATED');
    isProblem(await api.request('POST', '/admin/session', { user: users.drafter }), 403, 'AUTH.FORBIDDEN');

    const opened = await api.request('POST', '/admin/session', { user: users.admin });
    expect(opened.status).toBe(200);
    expect(opened.body.dashboard).toBe('/admin/queues/');
    const setCookie = opened.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^draftline_queues=[A-Za-z0-9_\-.]+;/);
    expect(setCookie).toContain('Path=/admin/queues');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Strict');
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(15 * 60);

    const cookie = setCookie.split(';')[0];
    const page = await api.request('GET', '/admin/queues', { headers: { cookie } });
    expect(page.status).toBe(200);
    const json = await api.request('GET', API, { headers: { cookie: `other=1; ${cookie}` } });
    expect((json.body.queues as Json[]).map((q) => q.name)).toContain('deadlines');

    // The cookie holds a session id, never a token (a token in it is no session); a header, when
    // sent, is the one that counts.
    const tokenCookie = `draftline_queues=${await api.token(users.admin)}`;
    isProblem(
      await api.request('GET', '/admin/queues', { headers: { cookie: tokenCookie } }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
    const bad = await api.request('GET', '/admin/queues', { token: 'not.a.token', headers: { cookie } });
    isProblem(bad, 401, 'AUTH.UNAUTHENTICATED');
    // The cookie opens the dashboard only: the rest of the API still wants the bearer header.
    const elsewhere = await api.request('GET', '/me/notifications', { headers: { cookie } });
    isProblem(elsewhere, 401, 'AUTH.UNAUTHENTICATED');
  });

  it("in server mode shows the queues that other processes fill, failed jobs' reasons too, writing nothing", async () => {
    const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
    const queue = new Queue('deadlines', { connection, prefix: serverPrefix });
    await queue.add('reminder', { clockId: 'c-later' }, { jobId: 'later', delay: 3_600_000 });
    await queue.add('escalation', { clockId: 'c-broken' }, { jobId: 'broken', attempts: 1 });
    const worker = new Worker(
      'deadlines',
      async (job) => {
        if (job.id === 'broken') throw new Error('clock c-broken is unreadable');
      },
      { connection, prefix: serverPrefix },
    );
    const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    await failed;
    await worker.close();
    await queue.close();
    const before = await keysUnder(serverPrefix);

    const json = await server.request('GET', API, { user: users.admin });
    expect(json.status).toBe(200);
    const deadlines = (json.body.queues as Json[]).find((q) => q.name === 'deadlines')!;
    expect(deadlines.counts).toMatchObject({ delayed: 1, failed: 1 });
    expect(deadlines.jobs).toEqual([
      expect.objectContaining({ id: 'broken', failedReason: 'clock c-broken is unreadable' }),
    ]);
    isProblem(await server.request('GET', API, { user: users.drafter }), 403, 'AUTH.FORBIDDEN');
    expect(await keysUnder(serverPrefix)).toEqual(before);
  });

  it('answers 503 (problem+json), not a hung request, while Redis is unreachable', async () => {
    const down = await startApi(store.store, { REDIS_URL: 'redis://127.0.0.1:1', RUN_DEADLINES: 'false' });
    try {
      expect((await down.request('GET', '/admin/queues', { user: users.admin })).status).toBe(200);
      isProblem(await down.request('GET', API, { user: users.admin }), 503, 'QUEUES.UNAVAILABLE');
      isProblem(await down.request('GET', API), 401, 'AUTH.UNAUTHENTICATED');
    } finally {
      await down.close();
    }
  });
});
