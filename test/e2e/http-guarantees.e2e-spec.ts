import { SignJWT } from 'jose';
import { COMMANDS, kebabCase } from '#drafting';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

const decision = {
  kind: 'committee_decision',
  title: 'Quy chế quản lý',
  agency: 'so-khcn',
  procedure: 'standard',
  origin: 'additional',
  year: 2019,
};

describe('HTTP guarantees on PostgreSQL: concurrency, idempotency, auth, bad input', () => {
  let store: TestStore;
  let api: Api;
  const events = async (id: string) => (await store.store.readStream(`draft-${id}`)).length;

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  async function startedDocument(): Promise<DocumentWalk> {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, decision);
    await doc.expect('start-drafting', users.drafter, 'drafting');
    return doc;
  }

  describe('optimistic concurrency', () => {
    it('lets exactly one of 50 concurrent transitions at one revision win; the rest get 412', async () => {
      const doc = await startedDocument();
      const token = await api.token(users.drafter);
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.request('POST', `/documents/${doc.id}/record-revision`, {
            token,
            body: { summary: `Bản sửa ${i}` },
            headers: { 'if-match': String(doc.revision) },
          }),
        ),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(49);
      const conflict = replies.find((r) => r.status === 412)!;
      expect(conflict.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(conflict.body).toMatchObject({
        expectedRevision: doc.revision,
        actualRevision: doc.revision + 1,
      });
      expect(await events(doc.id)).toBe(doc.revision + 2);
    });

    it('requires If-Match (428) and refuses a stale one (412)', async () => {
      const doc = await startedDocument();
      const missing = await api.request('POST', `/documents/${doc.id}/record-revision`, {
        user: users.drafter,
        body: { summary: 'x' },
      });
      expect(missing.status).toBe(428);
      const stale = await api.request('POST', `/documents/${doc.id}/record-revision`, {
        user: users.drafter,
        body: { summary: 'x' },
        headers: { 'if-match': '"0"' },
      });
      expect(stale.status).toBe(412);
      expect(await events(doc.id)).toBe(2);
    });
  });

  describe('idempotency', () => {
    const send = (doc: DocumentWalk, key: string, summary: string, revision = doc.revision) =>
      api.request('POST', `/documents/${doc.id}/record-revision`, {
        user: users.drafter,
        body: { summary },
        headers: { 'if-match': String(revision), 'idempotency-key': key },
      });

    // Every pooled connection open before a race, so the racers read the stream at the same time.
    const warmPool = (doc: DocumentWalk) =>
      Promise.all(Array.from({ length: 20 }, () => doc.get(users.drafter)));

    it('answers a retry with the first answer and records once, also after a restart', async () => {
      const doc = await startedDocument();
      const first = await send(doc, 'retry-key-0001', 'Một lần');
      const again = await send(doc, 'retry-key-0001', 'Một lần');
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const restarted = await startApi(store.store);
      try {
        const afterRestart = await restarted.request('POST', `/documents/${doc.id}/record-revision`, {
          user: users.drafter,
          body: { summary: 'Một lần' },
          headers: { 'if-match': String(doc.revision), 'idempotency-key': 'retry-key-0001' },
        });
        expect(afterRestart.body).toEqual(first.body);
      } finally {
        await restarted.close();
      }
      expect(await events(doc.id)).toBe(3);
    });

    it('records once when the same key is sent concurrently', async () => {
      const doc = await startedDocument();
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => send(doc, 'concurrent-key-1', 'Đồng thời')),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await events(doc.id)).toBe(3);
    });

    it('refuses the same key with a different body (422) and changes nothing', async () => {
      const doc = await startedDocument();
      expect((await send(doc, 'reused-key-0001', 'Thứ nhất')).status).toBe(200);
      const reused = await send(doc, 'reused-key-0001', 'Thứ hai');
      expect(reused.status).toBe(422);
      expect(await events(doc.id)).toBe(3);
    });

    // Issue 8 item 5: the losers of a same-key race used to be answered 200 with their own decision.
    it('answers the losers of one key sent concurrently with different bodies 422, storing one', async () => {
      const doc = await startedDocument();
      await warmPool(doc);
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(doc, 'racing-key-0001', `Body ${i}`)),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 422)).toHaveLength(19);
      const stored = await store.store.readStream(`draft-${doc.id}`, { fromRevision: doc.revision + 1 });
      expect(stored).toHaveLength(1);
      const winner = replies.find((r) => r.status === 200)!;
      expect(winner.body).toMatchObject({ revision: doc.revision + 1, events: ['DraftRevised'] });
      expect(String(stored[0].data.summary)).toMatch(/^Body \d+$/);
    });

    it('answers the winner’s exact answer to a racer with the same body, and 422 to the others', async () => {
      const doc = await startedDocument();
      const bodies = Array.from({ length: 20 }, (_, i) => `Body ${i % 4}`);
      await warmPool(doc);
      const replies = await Promise.all(bodies.map((b) => send(doc, 'racing-key-0002', b)));
      const [stored] = await store.store.readStream(`draft-${doc.id}`, { fromRevision: doc.revision + 1 });
      const won = bodies.map((b) => b === stored.data.summary);
      expect(replies.map((r) => r.status)).toEqual(won.map((w) => (w ? 200 : 422)));
      const answers = replies.filter((r) => r.status === 200).map((r) => JSON.stringify(r.body));
      expect(new Set(answers).size).toBe(1);
      expect(await events(doc.id)).toBe(3);
    });

    it('leaves no document number reserved by the losers of a same-key race to issue', async () => {
      const doc = new DocumentWalk(api);
      await doc.assign(users.office, { ...decision, procedure: 'simplified', title: 'Số văn bản' });
      await doc.expect('start-drafting', users.drafter, 'drafting');
      // Appraisal is shortened for a simplified draft, never skipped.
      await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
      const report = { outcome: 'fit', reportNumber: '90/BC-STP', reportDate: '2019-01-07' };
      await doc.expect('record-appraisal', users.appraiser, 'appraised', report);
      await doc.expect('submit', users.lead, 'submitted');
      await doc.expect('adopt', users.office, 'adopted');
      const issue = (sequence: number) =>
        api.request('POST', `/documents/${doc.id}/issue`, {
          user: users.office,
          body: {
            documentNumber: `${sequence}/2019/QĐ-UBND`,
            signingDate: '2019-01-07',
            effectiveDate: '2019-01-07',
          },
          headers: { 'if-match': String(doc.revision), 'idempotency-key': 'racing-issue-key' },
        });
      const sequences = Array.from({ length: 12 }, (_, i) => 60 + (i % 6));
      await warmPool(doc);
      const replies = await Promise.all(sequences.map(issue));
      const history = await store.store.readStream(`draft-${doc.id}`);
      const issued = history.filter((e) => e.type === 'Issued');
      expect(issued).toHaveLength(1);
      const number = issued[0].data.documentNumber;
      expect(replies.map((r) => r.status)).toEqual(
        sequences.map((n) => (`${n}/2019/QĐ-UBND` === number ? 200 : 422)),
      );
      const registry = await store.store.readStream('numbering-committee_decision-2019');
      const mine = registry.filter((e) => e.data.documentId === doc.id).map((e) => e.data.number);
      expect(mine).toEqual([number]);
    });

    it('makes a retried assignment the same document', async () => {
      const headers = { 'idempotency-key': 'assign-key-0001' };
      const a = await api.request('POST', '/documents', { user: users.office, body: decision, headers });
      const b = await api.request('POST', '/documents', { user: users.office, body: decision, headers });
      expect(a.status).toBe(201);
      expect(b.body).toEqual(a.body);
    });
  });

  describe('authentication and object-level authorization', () => {
    const sign = (claims: Record<string, unknown>, secret = api.config.jwt.secret!, alg = 'HS256') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg })
        .setIssuer(api.config.jwt.issuer)
        .setAudience(api.config.jwt.audience)
        .setSubject('u-drafter')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
    const claims = { agency: 'so-khcn', roles: ['drafter'] };

    it('answers 401 for no token, a wrong key, alg none, expired, not yet valid, wrong audience or edited claims', async () => {
      const doc = await startedDocument();
      const path = `/documents/${doc.id}`;
      const good = await sign(claims);
      expect((await api.request('GET', path, { token: good })).status).toBe(200);
      const [h, p] = good.split('.');
      const edited = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), agency: 'so-y-te' })).toString('base64url')}.${good.split('.')[2]}`;
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
      const expired = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(api.config.jwt.issuer)
        .setAudience(api.config.jwt.audience)
        .setSubject('u')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(api.config.jwt.secret!));
      const notYet = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(api.config.jwt.issuer)
        .setAudience(api.config.jwt.audience)
        .setSubject('u')
        .setNotBefore(Math.floor(Date.now() / 1000) + 3600)
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(api.config.jwt.secret!));
      const wrongAudience = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(api.config.jwt.issuer)
        .setAudience('someone-else')
        .setSubject('u')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(api.config.jwt.secret!));
      const bad = [
        undefined,
        await sign(claims, 'another-secret-that-is-long-enough-0123456789'),
        none,
        expired,
        notYet,
        wrongAudience,
        edited,
      ];
      for (const token of bad) {
        const reply = await api.request('GET', path, { token });
        expect([token?.slice(0, 12), reply.status]).toEqual([token?.slice(0, 12), 401]);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('answers 404 for another agency’s document exactly as for a missing one, and 403 for a role that may not act', async () => {
      const doc = await startedDocument();
      const other = await api.request('GET', `/documents/${doc.id}`, { user: users.otherDrafter });
      const missing = await api.request('GET', '/documents/00000000-0000-4000-8000-000000000000', {
        user: users.drafter,
      });
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect({ ...other.body, detail: undefined, title: undefined }).toEqual({
        ...missing.body,
        detail: undefined,
        title: undefined,
      });
      const otherCommand = await api.request('POST', `/documents/${doc.id}/record-revision`, {
        user: users.otherDrafter,
        body: { summary: 'x' },
        headers: { 'if-match': String(doc.revision) },
      });
      expect(otherCommand.status).toBe(404);
      const inspector = await doc.run('record-revision', users.inspector, { summary: 'x' });
      expect(inspector.status).toBe(403);
      expect((await doc.get(users.inspector)).status).toBe(200);
      expect((await api.request('POST', '/documents', { user: users.drafter, body: decision })).status).toBe(
        403,
      );
      expect(await events(doc.id)).toBe(2);
    });
  });

  describe('bad input gets a clear error and changes nothing', () => {
    const post = (
      path: string,
      init: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
    ) => api.request('POST', path, { user: users.office, ...init });

    it.each([
      ['an unknown field', { ...decision, stage: 'issued' }, 'stage'],
      [
        '__proto__',
        JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(decision).slice(1)}`),
        '__proto__',
      ],
      ['a wrong type', { ...decision, year: '2019' }, 'year'],
      ['a missing field', { ...decision, title: undefined }, 'title'],
      ['a NUL character', { ...decision, title: 'Quy\u0000 chế' }, 'title'],
      ['a lone surrogate', { ...decision, title: 'Quy \ud800 chế' }, 'title'],
    ])('refuses %s with 400 naming the field', async (_what, body, field) => {
      const reply = await post('/documents', { body });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(reply.body.errors)).toContain(field);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses malformed JSON (400), a non-JSON body (415), an oversized body (413) and a malformed id (400)', async () => {
      expect(
        (await post('/documents', { rawBody: '{"kind":', headers: { 'content-type': 'application/json' } }))
          .status,
      ).toBe(400);
      expect(
        (await post('/documents', { rawBody: 'kind=x', headers: { 'content-type': 'text/plain' } })).status,
      ).toBe(415);
      const huge = await post('/documents', { body: { ...decision, title: 'x'.repeat(200_000) } });
      expect(huge.status).toBe(413);
      const badId = await api.request('GET', '/documents/not-a-uuid', { user: users.office });
      expect(badId.status).toBe(400);
      for (const reply of [huge, badId])
        expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts|SELECT|stack/i);
    });

    it('answers an illegal transition with 409 and appends nothing', async () => {
      const doc = await startedDocument();
      const reply = await doc.run('adopt', users.office);
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('DRAFT.ILLEGAL_TRANSITION');
      expect(await events(doc.id)).toBe(2);
    });

    it('stores Vietnamese text in NFC and returns <script> verbatim', async () => {
      const nfd = 'Quyết định về <script>alert(1)</script> quản lý'.normalize('NFD');
      const doc = new DocumentWalk(api);
      expect((await doc.assign(users.office, { ...decision, title: nfd })).status).toBe(201);
      expect((await doc.get(users.office)).body.title).toBe(nfd.normalize('NFC'));
    });
  });

  it('describes every command route, body and error in OpenAPI at /docs-json', async () => {
    const reply = await api.request('GET', '/docs-json');
    expect(reply.status).toBe(200);
    const paths = Object.keys(reply.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/documents',
        '/documents/{id}',
        '/documents/{id}/send-for-appraisal',
        '/documents/{id}/certify',
      ]),
    );
    const commandRoutes = paths.filter((p) => p.startsWith('/documents/{id}/') && reply.body.paths[p].post);
    // One route per command that acts on an existing draft (AssignDraft is POST /documents).
    const expected = COMMANDS.filter((c) => !c.creates).map((c) => `/documents/{id}/${kebabCase(c.name)}`);
    expect(commandRoutes.sort()).toEqual(expected.sort());
    const op = reply.body.paths['/documents/{id}/record-appraisal'].post;
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '428']),
    );
    // Command bodies are named components: follow the $ref.
    const bodySchema = op.requestBody.content['application/json'].schema;
    const resolved = bodySchema.$ref
      ? reply.body.components.schemas[bodySchema.$ref.replace('#/components/schemas/', '')]
      : bodySchema;
    expect(op.requestBody.required).toBe(true);
    expect(resolved.properties.outcome.enum).toEqual(['fit', 'not_fit']);
  });

  it('answers a burst beyond the rate limit with 429 and Retry-After, per user', async () => {
    const limited = await startApi(store.store, { RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const token = await limited.token(users.drafter);
      const replies = [];
      for (let i = 0; i < 7; i++)
        replies.push(
          await limited.request('GET', '/documents/00000000-0000-4000-8000-000000000000', { token }),
        );
      expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 429, 429]);
      expect(replies[6].headers.get('retry-after')).toMatch(/^\d+$/);
      expect(replies[6].body.code).toBe('HTTP.TOO_MANY_REQUESTS');
      expect(replies[6].headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const another = await limited.request('GET', '/documents/00000000-0000-4000-8000-000000000000', {
        user: users.lead,
      });
      expect(another.status).toBe(404);
    } finally {
      await limited.close();
    }
  });
});
