import { randomBytes } from 'node:crypto';
import { COMMAND_NAMES, DRAFT_COMMANDS, kebabCase, rolesFor, type CommandName, type Draft } from '#drafting';
import { generateSealingKeyPem, sealingKeyFrom } from '#event-store';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api, type User } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

// RELIABILITY.md, object-level authorization: every route × {no token, the owner, a role that
// may not, another agency's drafter, an inspector}. The routes come from the running app's
// router, so a route added without a row here fails this test.
type Persona = 'none' | 'owner' | 'wrongRole' | 'otherAgency' | 'inspector';
type Expect = Partial<Record<Persona, number[]>>;
interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Row {
  call: (ids: Fixtures) => Call;
  /** Who acts as owner / wrong role here (default: the agency's drafter / the admin). */
  owner?: User;
  wrongRole?: User;
  expect: Expect;
}
interface Fixtures {
  doc: DocumentWalk;
  /** The document as the API answered it after the fixtures: the command samples are for it. */
  draft: Draft;
  reviewId: string;
  implementationId: string;
}

const OK = [200, 201];
const ALLOWED = [200, 201, 409]; // authorized; the stage or a rule may still refuse (409)
const other: User = { sub: 'u-other-lead', agency: 'so-y-te', roles: ['drafter', 'drafting_lead'] };
const readRow = (path: (f: Fixtures) => string): Row => ({
  call: (f) => ({ path: path(f) }),
  expect: { owner: OK, wrongRole: [404], otherAgency: [404], inspector: OK },
});

const ROWS: Record<string, Row> = {
  'POST /documents': {
    call: () => ({
      path: '/documents',
      body: {
        kind: 'committee_decision',
        title: 'Ma trận',
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year: 2019,
      },
    }),
    owner: users.office,
    wrongRole: users.drafter,
    expect: { owner: [201], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'GET /documents': {
    call: () => ({ path: '/documents?limit=5' }),
    expect: { owner: OK, wrongRole: OK, otherAgency: OK, inspector: OK },
  },
  'GET /documents/:id': readRow((f) => `/documents/${f.doc.id}`),
  'GET /documents/:id/verify': readRow((f) => `/documents/${f.doc.id}/verify`),
  'GET /documents/:id/next-number': {
    call: (f) => ({ path: `/documents/${f.doc.id}/next-number` }),
    owner: users.office,
    wrongRole: users.drafter,
    expect: { owner: OK, wrongRole: [403], otherAgency: [404], inspector: [403] },
  },
  'GET /documents/:id/history': readRow((f) => `/documents/${f.doc.id}/history`),
  'GET /documents/:id/deadlines': readRow((f) => `/documents/${f.doc.id}/deadlines`),
  'POST /reviews': {
    call: () => ({
      path: '/reviews',
      body: { reviewedDocument: '15/2012/QĐ-UBND', outcome: 'keep', reviewedOn: '2019-03-01', year: 2019 },
    }),
    wrongRole: users.office,
    expect: { owner: [201], wrongRole: [403], otherAgency: [201], inspector: [403] },
  },
  'GET /reviews/:id': readRow((f) => `/reviews/${f.reviewId}`),
  'POST /implementations': {
    call: () => ({
      path: '/implementations',
      body: { agency: 'so-khcn', year: 2019, title: 'Thi hành Luật' },
    }),
    owner: users.office,
    wrongRole: users.drafter,
    expect: { owner: [201], wrongRole: [403], otherAgency: [403, 404], inspector: [403] },
  },
  'GET /implementations/:id': readRow((f) => `/implementations/${f.implementationId}`),
  'POST /implementations/:id/record-status': {
    call: (f) => ({
      path: `/implementations/${f.implementationId}/record-status`,
      body: { status: 'in_progress' },
      headers: { 'if-match': '0' },
    }),
    wrongRole: users.office,
    expect: { owner: ALLOWED, wrongRole: [403], otherAgency: [404], inspector: [403] },
  },
  'GET /reports/programme': {
    call: () => ({ path: '/reports/programme?agency=so-khcn&year=2019' }),
    expect: { owner: OK, wrongRole: [403], otherAgency: [403], inspector: OK },
  },
  'GET /me/notifications': {
    call: () => ({ path: '/me/notifications' }),
    expect: { owner: OK, wrongRole: OK, otherAgency: OK, inspector: OK },
  },
  'POST /me/notifications/:id/read': {
    call: () => ({ path: '/me/notifications/987654321/read' }),
    expect: { owner: [404], wrongRole: [404], otherAgency: [404], inspector: [404] },
  },
  'GET /admin/users/:id': {
    call: () => ({ path: '/admin/users/u-drafter' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200, 404], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'PUT /admin/users/:id': {
    call: () => ({
      path: '/admin/users/u-new',
      body: { displayName: 'Nguyễn Văn A', agency: 'so-khcn', roles: ['drafter'] },
    }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: OK, wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'PATCH /admin/users/:id': {
    call: () => ({ path: '/admin/users/u-new', body: { displayName: 'Nguyễn Văn B' } }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200, 404], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'POST /admin/users/:id/erase': {
    call: () => ({ path: '/admin/users/u-new/erase' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200, 404], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  // Public: whoever checks an export needs the key without an account.
  'GET /audit/public-key': {
    call: () => ({ path: '/audit/public-key' }),
    expect: { none: [200], owner: [200], wrongRole: [200], otherAgency: [200], inspector: [200] },
  },
  // The web interface (npm test's global build puts it in dist/web): its pages and assets are
  // public (the data behind them is not). This api
  // runs with the embedded defaults (a local JWT secret), so its local demo sign-in is open to
  // anyone, as on a developer's machine; web.module.spec shows it refused in server mode.
  'GET /': {
    call: () => ({ path: '/' }),
    expect: { none: [200], owner: [200], wrongRole: [200], otherAgency: [200], inspector: [200] },
  },
  'GET /index.html': {
    call: () => ({ path: '/index.html' }),
    expect: { none: [200], owner: [200], wrongRole: [200], otherAgency: [200], inspector: [200] },
  },
  'GET /assets/:file': {
    call: () => ({ path: '/assets/no-such-file.js' }),
    expect: { none: [404], owner: [404], wrongRole: [404], otherAgency: [404], inspector: [404] },
  },
  'GET /web/config': {
    call: () => ({ path: '/web/config' }),
    expect: { none: OK, owner: OK, wrongRole: OK, otherAgency: OK, inspector: OK },
  },
  'GET /web/me': {
    call: () => ({ path: '/web/me' }),
    expect: { owner: OK, wrongRole: OK, otherAgency: OK, inspector: OK },
  },
  'GET /web/demo-users': {
    call: () => ({ path: '/web/demo-users' }),
    expect: { none: [200], owner: [200], wrongRole: [200], otherAgency: [200], inspector: [200] },
  },
  'POST /web/demo-session': {
    call: () => ({ path: '/web/demo-session', body: { userId: 'u-drafter' } }),
    expect: { none: [200], owner: [200], wrongRole: [200], otherAgency: [200], inspector: [200] },
  },
  // Bull Board: one row for the mount and all its sub-routes (test/e2e/queue-dashboard covers them).
  'GET /admin/queues': {
    call: () => ({ path: '/admin/queues' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'GET /admin/projections/parked': {
    call: () => ({ path: '/admin/projections/parked' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'POST /admin/projections/:projection/parked/replay': {
    call: () => ({ path: '/admin/projections/document_status/parked/replay' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'POST /admin/projections/:projection/parked/:eventId/replay': {
    call: () => ({
      path: '/admin/projections/document_status/parked/00000000-0000-4000-8000-000000000000/replay',
    }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [404], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'POST /admin/projections/:projection/parked/:eventId/skip': {
    call: () => ({
      path: '/admin/projections/document_status/parked/00000000-0000-4000-8000-000000000000/skip',
    }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [404], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
  'POST /admin/session': {
    call: () => ({ path: '/admin/session' }),
    owner: users.admin,
    wrongRole: users.office,
    expect: { owner: [200], wrongRole: [403], otherAgency: [403], inspector: [403] },
  },
};

// A valid body for each command (its definition's sample), so that what the matrix sees is
// authorization, not validation. The sample types itself for the stages a command starts from;
// every body here goes to the one fixture document, whatever its stage.
const DAY = '2019-03-02';
const bodyOf = (name: CommandName, draft: Draft): unknown => {
  const definition = DRAFT_COMMANDS.definitions[name];
  return definition.creates ? definition.sample(DAY) : definition.sample(draft as never, DAY);
};

// Commands share one route; each gets its own row: the owner holds a role that may run it, the
// wrong role is a same-agency user (or an office) that may not.
const commandOwner = (name: CommandName): User => {
  const roles = rolesFor(name);
  const candidates = [users.drafter, users.lead, users.office, users.council, users.appraiser];
  return candidates.find((u) => u.roles.some((r) => roles.includes(r as never)))!;
};
const commandWrongRole = (name: CommandName): User => {
  const roles = rolesFor(name);
  return [users.drafter, users.office].find((u) => !u.roles.some((r) => roles.includes(r as never)))!;
};
// Withdraw last: after it the document is closed (the owner's 409 is still "authorized").
const ORDER = [...COMMAND_NAMES.filter((n) => n !== 'AssignDraft' && n !== 'Withdraw'), 'Withdraw' as const];
for (const name of ORDER) {
  ROWS[`POST /documents/:id/${kebabCase(name)}`] = {
    call: (f) => ({
      path: `/documents/${f.doc.id}/${kebabCase(name)}`,
      body: bodyOf(name, f.draft),
      headers: { 'if-match': String(f.doc.revision) },
    }),
    owner: commandOwner(name),
    wrongRole: commandWrongRole(name),
    // The fixture is a decision in drafting: the appraiser sees only drafts sent to it and the
    // council office only resolutions, so for them the document does not exist (404).
    expect: {
      owner: ([users.appraiser, users.council] as User[]).includes(commandOwner(name)) ? [404] : ALLOWED,
      wrongRole: [403],
      otherAgency: [404],
      inspector: [403],
    },
  };
}
const PUBLIC = ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /docs-json', 'GET /docs-yaml'];

describe('authorization matrix over every route', () => {
  let store: TestStore;
  let api: Api;
  let fixtures: Fixtures;

  beforeAll(async () => {
    store = await postgresStore();
    // A prefix of its own: the queue dashboard's row opens (read-only) queue handles.
    api = await startApi(store.store, {
      RUN_PROJECTIONS: 'true',
      SEAL_PUBLIC_KEY: sealingKeyFrom(generateSealingKeyPem()).publicKeyPem,
      QUEUE_PREFIX: `test-e2e-${randomBytes(5).toString('hex')}`,
    });
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, {
      kind: 'committee_decision',
      title: 'Ma trận quyền',
      agency: 'so-khcn',
      procedure: 'standard',
      origin: 'additional',
      year: 2019,
    });
    await doc.expect('start-drafting', users.drafter, 'drafting');
    api.clock.setDate('2019-03-02');
    const review = await api.request('POST', '/reviews', {
      user: users.drafter,
      body: { reviewedDocument: '01/2010/QĐ-UBND', outcome: 'amend', reviewedOn: '2019-03-01', year: 2019 },
    });
    const implementation = await api.request('POST', '/implementations', {
      user: users.office,
      body: { agency: 'so-khcn', year: 2019, title: 'Thi hành Nghị định' },
    });
    fixtures = {
      doc,
      draft: (await doc.get(users.office)).body as Draft,
      reviewId: review.body.id ?? review.body.documentId,
      implementationId: implementation.body.id ?? implementation.body.documentId,
    };
    // The read models are eventually consistent: let them pass the fixtures before any row runs.
    const settled = await api.request('GET', `/documents/${doc.id}/history?consistentWith=${doc.position}`, {
      user: users.inspector,
    });
    expect(settled.status).toBe(200);
    expect(fixtures.reviewId).toBeDefined();
    expect(fixtures.implementationId).toBeDefined();
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('has a row for every route the app serves', () => {
    const express = api.app.getHttpAdapter().getInstance();
    const stack = (express.router ?? express._router).stack as {
      route?: { path: string; methods: Record<string, boolean> };
      rawPath?: unknown;
    }[];
    const served = stack
      .filter((l) => l.route && !l.route.path.startsWith('/docs/') && l.route.path !== '/docs')
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
    // A router mounted at a path (app.use('/admin/queues', ...)) serves routes of its own the
    // app's router cannot list: each mount is one row, called with GET at its root.
    const mounts = stack
      .filter((l) => !l.route && typeof l.rawPath === 'string' && l.rawPath !== '/' && l.rawPath !== '/docs')
      .map((l) => `GET ${l.rawPath as string}`);
    expect(mounts).toContain('GET /admin/queues'); // the listing sees mounts at all
    served.push(...mounts);
    const covered = new Set([
      ...Object.keys(ROWS).map((k) =>
        k.replace(/^POST \/documents\/:id\/[a-z-]+$/, 'POST /documents/:id/:command'),
      ),
      ...PUBLIC,
    ]);
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('serves the public routes without a token', async () => {
    for (const route of PUBLIC) {
      const reply = await api.request('GET', route.slice(4));
      expect([route, reply.status]).toEqual([route, 200]);
    }
  });

  // RFC 9457: a fixed title naming the command by its label in the user's language (Vietnamese
  // unless English is preferred), the specifics in detail.
  it('says in one sentence which command the roles may not run (checked once, from the grants)', async () => {
    const submit = (lang?: string) =>
      api.request('POST', `/documents/${fixtures.doc.id}/submit`, {
        user: users.drafter,
        body: {},
        headers: { 'if-match': String(fixtures.doc.revision), ...(lang && { 'accept-language': lang }) },
      });
    const vi = await submit();
    expect([vi.status, vi.body.code, vi.body.title, vi.body.detail]).toEqual([
      403,
      'DRAFT.FORBIDDEN',
      'Bạn không có quyền thực hiện “Trình UBND”',
      'None of your roles may run Submit on this document',
    ]);
    const en = await submit('en-GB,en;q=0.9,vi;q=0.5');
    expect([en.status, en.body.title]).toEqual([403, 'You may not submit']);
  });

  it.each(Object.keys(ROWS))('%s answers each persona as the matrix says', async (route) => {
    const row = ROWS[route];
    const method = route.split(' ')[0];
    const personas: Record<Persona, User | undefined> = {
      none: undefined,
      owner: row.owner ?? users.drafter,
      wrongRole: row.wrongRole ?? users.admin,
      otherAgency: other,
      inspector: users.inspector,
    };
    const expected: Expect = { none: [401], ...row.expect };
    // The owner goes last: a successful command moves the document's revision.
    for (const persona of ['none', 'wrongRole', 'otherAgency', 'inspector', 'owner'] as Persona[]) {
      const { path, body, headers } = row.call(fixtures);
      const reply = await api.request(method, path, { user: personas[persona], body, headers });
      if (reply.status === 200 && path.startsWith(`/documents/${fixtures.doc.id}/`) && method === 'POST') {
        fixtures.doc.revision = reply.body.revision;
      }
      const allowed = expected[persona]!;
      const seen = allowed.includes(reply.status) ? allowed : reply.status;
      expect({
        persona,
        status: seen,
        body: allowed.includes(reply.status) ? undefined : reply.body,
      }).toEqual({
        persona,
        status: allowed,
        body: undefined,
      });
    }
  });
});
