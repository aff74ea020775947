// What an outside tester broke (issue 12, items 1–6), each over real HTTP against PostgreSQL
// (and the shared Redis where the item is about sharing): bad input is 400, never 500; the rate
// limit counts verified people; the dashboard cookie is a session of its own; the token policy
// caps lifetimes and takes roles from the directory; a replay is authorized; headers and parsing.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import { startApi, type Api, type User } from '../support/http.js';
import { postgresStore, type TestStore } from '../support/stores.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const MISSING = '00000000-0000-4000-8000-000000000000';
const decision = (title: string, agency = 'so-khcn') => ({
  kind: 'committee_decision',
  title,
  agency,
  procedure: 'standard',
  origin: 'additional',
  year: 2019,
});
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with the claims and times given (seconds since the epoch), signed with the test key. */
function signed(user: User, times: { iat?: number; exp?: number }): Promise<string> {
  let jwt = new SignJWT({ agency: user.agency, roles: [...user.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuer('draftline')
    .setAudience('draftline-api');
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('hostile input (issue 12)', () => {
  let store: TestStore;
  let api: Api;
  const prefixes: string[] = [];
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    store = await postgresStore();
    // A prefix of this file's own: the dashboard sessions live in the shared Redis.
    const prefix = `test-h12-${randomBytes(5).toString('hex')}`;
    prefixes.push(prefix);
    api = await startApi(store.store, { READ_CONSISTENCY_TIMEOUT_MS: '2000', QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
    await deleteKeysWithPrefix(...prefixes);
  });

  describe('1. bad input is 400, never 500', () => {
    it('answers JSON nested 4,000 deep (8 KB) with 400, on a command route and in a field', async () => {
      const deep = '['.repeat(4000) + ']'.repeat(4000);
      const headers = { 'content-type': 'application/json' };
      const top = await api.request('POST', '/documents', { user: users.office, rawBody: deep, headers });
      expect([top.status, top.body.code]).toEqual([400, 'VALIDATION.TOO_DEEP']);
      const field = await api.request('POST', '/documents', {
        user: users.office,
        rawBody: `{"title":${deep}}`,
        headers,
      });
      expect(field.status).toBe(400);
    });

    it('answers a forged cursor with 400 READ.BAD_CURSOR, and a real one still pages', async () => {
      let position = '';
      for (const title of ['Con trỏ một', 'Con trỏ hai'])
        position = (await new DocumentWalk(api).assign(users.office, decision(title))).body.position;
      const page = await api.request('GET', `/documents?sort=-updatedAt&limit=1&consistentWith=${position}`, {
        user: users.office,
      });
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const next = await api.request(
        'GET',
        `/documents?sort=-updatedAt&limit=1&cursor=${page.body.nextCursor}`,
        {
          user: users.office,
        },
      );
      expect(next.status).toBe(200);

      const id = randomUUID();
      const forged: [string, unknown][] = [
        ['not a date', ['-updatedAt', 'not-a-date', id]],
        ['a timestamp out of range', ['-updatedAt', '294277-01-01T00:00:00.000000Z', id]],
        ['a date that does not exist', ['-updatedAt', '2019-02-30T00:00:00.000000Z', id]],
        ['infinity', ['-updatedAt', 'infinity', id]],
        ['now', ['updatedAt', 'now', id]],
        ['36 dashes as the id', ['-updatedAt', '2019-01-07T02:00:00.000000Z', '-'.repeat(36)]],
        ['a month that is not one', ['plannedMonth', '2019-13', id]],
      ];
      for (const [what, value] of forged) {
        const [sort] = value as string[];
        const reply = await api.request('GET', `/documents?sort=${sort}&cursor=${cursorOf(value)}`, {
          user: users.office,
        });
        expect([what, reply.status, reply.body.code]).toEqual([what, 400, 'READ.BAD_CURSOR']);
      }
    });
  });

  describe('2. the rate limit counts verified people, and addresses before sign-in', () => {
    it('spends the address budget on junk tokens (429), and gives one user one budget for all tokens', async () => {
      const limited = await startApi(store.store, { RATE_LIMIT_PER_MINUTE: '5' });
      try {
        const junk = [];
        for (let i = 0; i < 7; i++)
          junk.push(
            (await limited.request('GET', `/documents/${MISSING}`, { token: `junk${i}.x.y` })).status,
          );
        expect(junk).toEqual([401, 401, 401, 401, 401, 429, 429]);
        // Three tokens of one person (issued a second apart, so three strings): one budget.
        const tokens = [
          await signed(users.drafter, { iat: now() - 2, exp: now() + 600 }),
          await signed(users.drafter, { iat: now() - 1, exp: now() + 600 }),
          await signed(users.drafter, { iat: now(), exp: now() + 600 }),
        ];
        const mine = [];
        for (let i = 0; i < 7; i++)
          mine.push((await limited.request('GET', `/documents/${MISSING}`, { token: tokens[i % 3] })).status);
        expect(mine).toEqual([404, 404, 404, 404, 404, 429, 429]);
        // Another person keeps a budget of their own.
        expect((await limited.request('GET', `/documents/${MISSING}`, { user: users.lead })).status).toBe(
          404,
        );
      } finally {
        await limited.close();
      }
    });

    it('shares the budget between api processes through Redis', async () => {
      const prefix = `test-rl-${randomBytes(5).toString('hex')}`;
      prefixes.push(prefix);
      const env = { RATE_LIMIT_PER_MINUTE: '4', RATE_LIMIT_STORE: 'redis', REDIS_URL, QUEUE_PREFIX: prefix };
      const one = await startApi(store.store, env);
      const two = await startApi(store.store, env);
      try {
        const token = await one.token(users.inspector);
        const statuses = [];
        for (const api of [one, two, one, two, one, two])
          statuses.push((await api.request('GET', `/documents/${MISSING}`, { token })).status);
        expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
      } finally {
        await two.close();
        await one.close();
      }
    });
  });

  describe('3. the queue dashboard cookie is a short server-side session, never a bearer', () => {
    it('holds a random id, not the token; it is refused as a bearer and expires on the server', async () => {
      const token = await api.token(users.admin);
      const opened = await api.request('POST', '/admin/session', { token });
      expect(opened.status).toBe(200);
      const cookie = opened.headers.get('set-cookie')!.split(';')[0];
      const value = cookie.slice(cookie.indexOf('=') + 1);
      expect(value).not.toBe(token);
      expect(value.split('.')).toHaveLength(1);
      const asBearer = await api.request('GET', '/me/notifications', { token: value });
      expect(asBearer.status).toBe(401);
      // The session opens the dashboard, and the dashboard only.
      expect((await api.request('GET', '/admin/queues', { headers: { cookie } })).status).toBe(200);
      // A token in the cookie is not a session.
      const tokenCookie = `draftline_queues=${token}`;
      expect((await api.request('GET', '/admin/queues', { headers: { cookie: tokenCookie } })).status).toBe(
        401,
      );
      // Fifteen minutes later the server has forgotten it, whatever the browser keeps.
      api.clock.advanceDays(16 / (24 * 60));
      expect((await api.request('GET', '/admin/queues', { headers: { cookie } })).status).toBe(401);
    });
  });

  describe('4. token policy', () => {
    it('refuses a lifetime beyond the cap, an absurd expiry, an iat in the future and no iat', async () => {
      const user = users.drafter;
      const cases: [string, { iat?: number; exp?: number }][] = [
        ['100 years', { iat: now(), exp: now() + 100 * 365 * 86_400 }],
        ['exp = 1e20', { iat: now(), exp: 1e20 }],
        ['iat a year ahead', { iat: now() + 365 * 86_400, exp: now() + 365 * 86_400 + 600 }],
        ['no iat', { exp: now() + 600 }],
      ];
      for (const [what, times] of cases) {
        const reply = await api.request('GET', `/documents/${MISSING}`, { token: await signed(user, times) });
        expect([what, reply.status]).toEqual([what, 401]);
      }
      const fine = await signed(user, { iat: now(), exp: now() + 8 * 3600 });
      expect((await api.request('GET', `/documents/${MISSING}`, { token: fine })).status).toBe(404);
    });

    it('reads the bearer scheme case-insensitively', async () => {
      const token = await api.token(users.drafter);
      for (const scheme of ['bearer', 'BEARER', 'Bearer'])
        expect(
          (
            await api.request('GET', `/documents/${MISSING}`, {
              headers: { authorization: `${scheme} ${token}` },
            })
          ).status,
        ).toBe(404);
    });

    it('takes roles and agency from the directory when one is configured; unknown users are 401', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'draftline-directory-'));
      const file = join(dir, 'users.json');
      writeFileSync(
        file,
        JSON.stringify({
          users: [
            { id: 'u-drafter', displayName: 'Drafter', agency: 'so-khcn', roles: ['drafter'] },
            { id: 'u-admin', displayName: 'Admin', agency: 'so-noi-vu', roles: ['admin'] },
          ],
        }),
      );
      const directed = await startApi(store.store, { USER_DIRECTORY_FILE: file });
      try {
        const elsewhere = await new DocumentWalk(directed).assign(
          users.office,
          decision('Y tế cơ sở', 'so-y-te'),
        );
        // users.office is not in this directory: the assignment above is refused.
        expect(elsewhere.status).toBe(401);
        const forged = { sub: 'u-drafter', agency: 'so-y-te', roles: ['admin', 'inspector'] };
        const admin = await directed.request('GET', '/admin/users/u-admin', { user: forged });
        expect([admin.status, admin.body.code]).toEqual([403, 'DRAFT.FORBIDDEN']);
        const list = await directed.request('GET', '/documents?limit=100', { user: forged });
        expect(list.status).toBe(200);
        expect(list.body.items.every((d: { agency: string }) => d.agency === 'so-khcn')).toBe(true);
        const stranger = { sub: 'u-nobody', agency: 'so-khcn', roles: ['drafter'] };
        expect((await directed.request('GET', '/documents', { user: stranger })).status).toBe(401);
        expect((await directed.request('GET', '/admin/users/u-drafter', { user: users.admin })).status).toBe(
          200,
        );
      } finally {
        await directed.close();
      }
    });
  });

  describe('5. an idempotent replay is authorized like the first request', () => {
    it('answers a replay by the same user id under another agency 404, not the stored answer', async () => {
      const doc = new DocumentWalk(api);
      await doc.assign(users.office, decision('Quy chế phát lại'));
      const start = () =>
        api.request('POST', `/documents/${doc.id}/start-drafting`, {
          user: users.drafter,
          body: {},
          headers: { 'if-match': '"0"', 'idempotency-key': 'replay-0001' },
        });
      expect((await start()).status).toBe(200);
      expect((await start()).status).toBe(200);
      const moved = { ...users.drafter, agency: 'so-y-te' };
      const replay = await api.request('POST', `/documents/${doc.id}/start-drafting`, {
        user: moved,
        body: {},
        headers: { 'if-match': '"0"', 'idempotency-key': 'replay-0001' },
      });
      expect([replay.status, replay.body.code]).toEqual([404, 'DRAFT.NOT_FOUND']);
      expect(replay.body.stage).toBeUndefined();
    });
  });

  describe('6. headers and parsing', () => {
    it('sends security headers, and no-store on authenticated JSON', async () => {
      const reply = await api.request('GET', '/documents', { user: users.office });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('cache-control')).toBe('no-store');
      const refused = await api.request('GET', '/documents');
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers 404 without echoing the path', async () => {
      const reply = await api.request('GET', '/no-such-route-PROBE123', { user: users.office });
      expect([reply.status, reply.body.code]).toEqual([404, 'HTTP.NOT_FOUND']);
      expect(JSON.stringify(reply.body)).not.toContain('PROBE123');
    });

    it('answers malformed JSON with 400 HTTP.MALFORMED_JSON, without the body in it', async () => {
      const reply = await api.request('POST', '/documents', {
        user: users.office,
        rawBody: 'password=hunter2',
        headers: { 'content-type': 'application/json' },
      });
      expect([reply.status, reply.body.code]).toEqual([400, 'HTTP.MALFORMED_JSON']);
      expect(JSON.stringify(reply.body)).not.toMatch(/password|hunter/);
    });

    it('compares If-Match strongly: weak tags and unbalanced quotes are 400', async () => {
      const doc = new DocumentWalk(api);
      await doc.assign(users.office, decision('Quy chế so khớp'));
      for (const ifMatch of ['W/"0"', '"0', '0"', 'W/0']) {
        const reply = await api.request('POST', `/documents/${doc.id}/start-drafting`, {
          user: users.drafter,
          body: {},
          headers: { 'if-match': ifMatch },
        });
        expect([ifMatch, reply.status, reply.body.code]).toEqual([ifMatch, 400, 'HTTP.BAD_IF_MATCH']);
      }
      for (const ifMatch of ['"0"']) {
        const reply = await api.request('POST', `/documents/${doc.id}/start-drafting`, {
          user: users.drafter,
          body: {},
          headers: { 'if-match': ifMatch },
        });
        expect(reply.status).toBe(200);
      }
    });

    it('refuses zero-width characters, bidi overrides and C0 controls in text with a clear 400', async () => {
      for (const title of ['Zero\u200bWidth', 'Quy \u202eđịnh', 'Bell\u0007', 'Esc\u001b[31m', 'A\u2066B']) {
        const reply = await api.request('POST', '/documents', { user: users.office, body: decision(title) });
        expect([JSON.stringify(title), reply.status, reply.body.code]).toEqual([
          JSON.stringify(title),
          400,
          'VALIDATION.BAD_TEXT',
        ]);
        expect(reply.body.errors[0].path).toBe('title');
      }
    });

    it('folds invisible characters out of search, on both sides', async () => {
      const doc = new DocumentWalk(api);
      const made = await doc.assign(users.office, decision('Quy chế ZeroWidth mẫu'));
      // A title cannot hold them any more; a search may, and finds the title without them.
      const q = encodeURIComponent('Zero\u200bWidth');
      const found = await api.request('GET', `/documents?q=${q}&consistentWith=${made.body.position}`, {
        user: users.office,
      });
      expect(found.status).toBe(200);
      expect(found.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    });
  });
});
