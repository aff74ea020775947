// A draft walked through several commands with the typed client (#api-client, generated from
// the committed contract): the compiler checks paths, parameters and bodies, and every answer is
// checked against the schema the contract documents for its status.
import { createDraftlineClient, type DraftlineClient, type Schema } from '#api-client';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { contractViolation } from '../support/contract.js';

describe('the typed client against the real api (PostgreSQL)', () => {
  let store: TestStore;
  let api: Api;
  const violations: string[] = [];

  /** A client for one user whose every answer is checked against the contract. */
  const clientFor = async (user: (typeof users)[keyof typeof users]): Promise<DraftlineClient> => {
    const client = createDraftlineClient({ baseUrl: api.baseUrl, token: await api.token(user) });
    client.use({
      async onResponse({ request, response, schemaPath }) {
        const text = await response.clone().text();
        const body =
          text === ''
            ? undefined
            : response.headers.get('content-type')?.includes('json')
              ? JSON.parse(text)
              : text;
        const why = contractViolation(
          request.method,
          schemaPath,
          response.status,
          response.headers.get('content-type'),
          body,
        );
        if (why) violations.push(why);
        return response;
      },
    });
    return client;
  };

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });
  afterEach(() => {
    expect(violations).toEqual([]);
    violations.length = 0;
  });

  it('has a contract check that catches a broken answer or an undocumented status', () => {
    const json = 'application/json';
    expect(contractViolation('GET', '/health/live', 200, json, { status: 'ok' })).toBeUndefined();
    expect(contractViolation('GET', '/health/live', 200, json, { status: 'fine' })).toMatch(/Live 200/);
    expect(contractViolation('GET', '/health/live', 418, json, {})).toMatch(/does not document/);
    expect(contractViolation('GET', '/documents/{id}', 200, json, { id: 'x' })).toMatch(/GetDocument 200/);
  });

  it('assigns, drafts, revises, reads and withdraws a draft; the answers are the documented ones', async () => {
    const office = await clientFor(users.office);
    const drafter = await clientFor(users.drafter);
    const lead = await clientFor(users.lead);

    const assigned = await office.POST('/documents', {
      body: {
        kind: 'committee_decision',
        title: 'Quy chế quản lý đề tài khoa học',
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year: 2019,
      },
      headers: { 'Idempotency-Key': 'typed-client-assign-1' },
    });
    expect(assigned.response.status).toBe(201);
    const id = assigned.data!.documentId;
    let revision: number = assigned.data!.revision;
    const ifMatch = () => ({ 'If-Match': `"${revision}"` });
    const params = () => ({ path: { id }, header: ifMatch() });

    const started = await drafter.POST('/documents/{id}/start-drafting', { params: params(), body: {} });
    expect(started.data?.stage).toBe('drafting');
    revision = started.data!.revision;

    const revised = await drafter.POST('/documents/{id}/record-revision', {
      params: params(),
      body: { summary: 'Tiếp thu ý kiến của các phòng' },
    });
    expect(revised.data?.events).toEqual(['DraftRevised']);
    revision = revised.data!.revision;

    // A stale If-Match is a documented 412 problem, typed as such.
    const stale = await drafter.POST('/documents/{id}/record-revision', {
      params: { path: { id }, header: { 'If-Match': '"0"' } },
      body: { summary: 'Bản cũ' },
    });
    expect(stale.response.status).toBe(412);
    const problem: Schema<'Problem'> | undefined = stale.error;
    expect(problem?.code).toBe('STORE.CONCURRENCY');

    const doc = await drafter.GET('/documents/{id}', {
      params: { path: { id }, query: { consistentWith: revised.data!.position } },
    });
    expect(doc.data).toMatchObject({ id, stage: 'revising', revision, revisionCount: 1 });
    expect(doc.data?.availableCommands).toContain('record-revision');

    const page = await drafter.GET('/documents', {
      params: { query: { agency: 'so-khcn', stage: 'revising', consistentWith: revised.data!.position } },
    });
    expect(page.data?.items.map((d) => d.id)).toContain(id);

    const withdrawn = await lead.POST('/documents/{id}/withdraw', {
      params: params(),
      body: { reason: 'Không còn cần thiết' },
    });
    expect(withdrawn.data?.stage).toBe('withdrawn');

    const history = await lead.GET('/documents/{id}/history', {
      params: { path: { id }, query: { consistentWith: withdrawn.data!.position } },
    });
    expect(history.data?.events.map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
      'DraftRevised',
      'Withdrawn',
    ]);

    const verified = await lead.GET('/documents/{id}/verify', { params: { path: { id } } });
    expect(verified.data).toMatchObject({ documentId: id, intact: true, events: 4 });

    const deadlines = await lead.GET('/documents/{id}/deadlines', { params: { path: { id } } });
    expect([200, 503]).toContain(deadlines.response.status);
  });

  it('reads the health, the inbox and the report through the same client', async () => {
    const inspector = await clientFor(users.inspector);
    const live = await inspector.GET('/health/live');
    expect(live.data).toEqual({ status: 'ok' });
    const ready = await inspector.GET('/health/ready');
    expect([200, 503]).toContain(ready.response.status);
    const inbox = await inspector.GET('/me/notifications', { params: { query: { limit: 10 } } });
    expect([200, 503]).toContain(inbox.response.status);
    const report = await inspector.GET('/reports/programme', {
      params: { query: { agency: 'so-khcn', year: '2019', asOf: '2019-12-31' } },
    });
    expect(report.data).toMatchObject({ agency: 'so-khcn', year: 2019 });
    const missing = await inspector.GET('/documents/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
  });
});
