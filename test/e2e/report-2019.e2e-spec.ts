// THE 2019 scenario over HTTP against a real PostgreSQL schema: the inspection's figures as of
// 16 August 2019, in JSON and CSV, at an earlier date, and who may ask. Also the register routes.
// The scenario is loaded as `npm run demo` loads it: years later, through the public command
// API, each step dated by its business date (occurredOn); nothing moves the api's clock.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '#event-store';
import {
  SCENARIO_2019,
  SCENARIO_AS_OF,
  SCENARIO_FIGURES,
  SCENARIO_USERS,
} from '../../apps/api/src/cli/scenario-2019.js';
import {
  replayScenario,
  type ScenarioDriver,
  type ScenarioResult,
} from '../../apps/api/src/cli/scenario-replay.js';
import { startApi, type Api } from '../support/http.js';
import { postgresStore, type TestStore } from '../support/stores.js';
import { users } from '../support/users.js';

/** The day the scenario is loaded, long after 2019. */
const LOADED_ON = '2026-12-02';

async function countEvents(store: EventStore): Promise<number> {
  let n = 0;
  let page = await store.readAll({ limit: 1000 });
  while (page.length > 0) {
    n += page.length;
    page =
      page.length < 1000 ? [] : await store.readAll({ after: page[page.length - 1].position, limit: 1000 });
  }
  return n;
}

const BUCKETS = [
  'issued',
  'adoptedAwaitingSignature',
  'submittedAwaitingDecision',
  'appraisedAwaitingSubmission',
  'inAppraisal',
  'revisingBeforeAppraisal',
  'beingDrafted',
  'withdrawn',
] as const;
const sumOfBuckets = (f: Record<string, number>) => BUCKETS.reduce((n, b) => n + f[b], 0);

/** A directory naming an agency that has no document, review or entry (its users may not sign in). */
function directoryFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'report-directory-')), 'directory.json');
  const user = {
    id: 'u-finance',
    displayName: 'Chuyên viên Sở Tài chính',
    agency: 'so-tai-chinh',
    roles: ['drafter'],
  };
  writeFileSync(file, JSON.stringify({ users: [user] }));
  return file;
}

const figure = (csv: string, name: string) =>
  csv
    .split('\r\n')
    .find((line) => line.startsWith(`${name},`))
    ?.split(',')
    .at(-1);

describe('the 2019 programme report over HTTP on PostgreSQL', () => {
  let store: TestStore;
  let api: Api;
  let loaded: ScenarioResult;
  const driver = (): ScenarioDriver => ({
    post: (user, path, body, headers) =>
      api.request('POST', path, { user: SCENARIO_USERS[user], body, headers }),
  });
  // consistentWith: the global read waits for transactions open elsewhere in the database.
  const report = (query: string, user: (typeof users)[keyof typeof users] = users.inspector) =>
    api.request('GET', `/reports/programme?${query}&consistentWith=${loaded.position}`, { user });
  const csv = async (query: string) => {
    const token = await api.token(users.inspector);
    const res = await fetch(`${api.baseUrl}/reports/programme?${query}&consistentWith=${loaded.position}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
    });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    store = await postgresStore();
    // The directory names so-tai-chinh; tokens, not the directory, say who the test users are.
    api = await startApi(store.store, { USER_DIRECTORY_FILE: directoryFile(), AUTH_USER_DIRECTORY: 'false' });
    api.clock.setDate(LOADED_ON);
    loaded = await replayScenario(driver());
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('records 2019 as it happened though it is loaded years later: each command on its business date', async () => {
    // Each entry's own stream (a global read would wait for transactions other tests hold open).
    const prefix = { document: 'draft', review: 'review', implementation: 'implementation' };
    for (const [alias, { id }] of Object.entries(loaded.handles)) {
      const steps = SCENARIO_2019.filter((step) => step.alias === alias);
      const events = await store.store.readStream(`${prefix[steps[0].target]}-${id}`);
      // One command after another: its business date, and the business instant read from it
      // (noon in Viet Nam, the hour of a past step being unknown); the store's own time is today.
      const commands = [...new Set(events.map((e) => e.metadata.commandId))].map((commandId) => {
        const first = events.find((e) => e.metadata.commandId === commandId)!;
        return [first.metadata.occurredOn, first.metadata.occurredAt];
      });
      expect([alias, commands]).toEqual([alias, steps.map((step) => [step.on, `${step.on}T05:00:00.000Z`])]);
      expect(events.filter((e) => e.recordedAt.startsWith('2019-'))).toEqual([]);
    }
    expect(Object.keys(loaded.handles)).toHaveLength(new Set(SCENARIO_2019.map((s) => s.alias)).size);
  });

  it('shows 3 / 2 / 1 / 2 / 1 / 1 / 10 / 5 as of 16 August 2019', async () => {
    const reply = await report(`agency=so-khcn&year=2019&asOf=${SCENARIO_AS_OF}`);
    expect(reply.status).toBe(200);
    const r = reply.body;
    expect(r.asOf).toBe('2019-08-16T16:59:59.999Z');
    expect(r.programme).toMatchObject({ assigned: 3, issued: 2, revisingBeforeAppraisal: 1 });
    expect(r.additional).toMatchObject({ assigned: 2, submittedAwaitingDecision: 1, beingDrafted: 1 });
    expect(r.reviews.total).toBe(10);
    expect(r.implementations.total).toBe(5);
    expect(r.programme).toMatchObject(SCENARIO_FIGURES.programme);
    expect(r.reviews.byOutcome).toEqual({ keep: 4, amend: 3, replace: 1, repeal: 1, expired: 1 });
    expect(r.implementations.byStatus).toEqual({ not_started: 1, in_progress: 2, done: 2 });
    expect(r.punctuality).toEqual({ onTime: 1, late: 1, overdueOpen: 1, notYetDue: 0 });
    expect(r.appraisals).toEqual({ returned: 1, notFit: 1 });
    expect(r.stageDays.in_appraisal.stays).toBe(5);
  });

  it('puts each draft in exactly one bucket, so the buckets add up to the drafts assigned', async () => {
    const r = (await report(`agency=so-khcn&year=2019&asOf=${SCENARIO_AS_OF}`)).body;
    // A2 is only being drafted: not also "revising before appraisal" (it was counted in both).
    expect(r.additional).toEqual({
      assigned: 2,
      issued: 0,
      adoptedAwaitingSignature: 0,
      submittedAwaitingDecision: 1,
      appraisedAwaitingSubmission: 0,
      inAppraisal: 0,
      revisingBeforeAppraisal: 0,
      beingDrafted: 1,
      withdrawn: 0,
      everSubmitted: 1,
    });
    expect(r.programme).toMatchObject({
      assigned: 3,
      issued: 2,
      revisingBeforeAppraisal: 1,
      everSubmitted: 2,
    });
    for (const origin of [r.programme, r.additional]) expect(sumOfBuckets(origin)).toBe(origin.assigned);
    expect(r.asOfDate).toBe('2019-08-16');
  });

  it('splits the figures by kind: all five of 2019 are decisions of the committee', async () => {
    const r = (await report(`agency=so-khcn&year=2019&asOf=${SCENARIO_AS_OF}`)).body;
    // Every kind the report knows is there (the Chair's decisions too, once they exist), with zeros.
    expect(Object.keys(r.byKind)).toEqual(
      expect.arrayContaining(['committee_decision', 'council_resolution']),
    );
    expect(r.byKind.committee_decision).toEqual({ programme: r.programme, additional: r.additional });
    const others = Object.entries(r.byKind as Record<string, Record<string, { assigned: number }>>)
      .filter(([kind]) => kind !== 'committee_decision')
      .map(([kind, f]) => [kind, f.programme.assigned + f.additional.assigned]);
    expect(others).toEqual(others.map(([kind]) => [kind, 0]));
  });

  it('answers an agency nobody knows with 404, and one only the directory knows with zeros', async () => {
    const unknown = await report('agency=khong-co&year=2019');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({
      code: 'REPORT.UNKNOWN_AGENCY',
      detail: expect.stringContaining('khong-co'),
    });
    expect(unknown.body.title).not.toContain('khong-co');
    const csvUnknown = await csv('agency=khong-co&year=2019');
    expect(csvUnknown.res.status).toBe(404);
    const directoryOnly = await report('agency=so-tai-chinh&year=2019');
    expect(directoryOnly.status).toBe(200);
    expect(directoryOnly.body.programme.assigned + directoryOnly.body.reviews.total).toBe(0);
    // Known from its documents of 2019: another year is a report of zeros, not a 404.
    expect((await report('agency=so-khcn&year=2020')).status).toBe(200);
    // The asker's own agency is known to it even before its first document.
    expect((await report('agency=so-noi-vu&year=2019')).status).toBe(200);
  });

  it('exports the same figures as CSV, UTF-8 with a BOM', async () => {
    const { res, bytes } = await csv(`agency=so-khcn&year=2019&asOf=${SCENARIO_AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('programme-report-so-khcn-2019-2019-08-16.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.split('\r\n')[0]).toBe('figure,label,value');
    expect(text).toContain('Dự thảo giao trong chương trình công tác năm');
    // The date asked, not the instant it stands for (2019-08-16T16:59:59.999Z).
    expect(figure(text, 'asOf')).toBe('2019-08-16');
    const expected = {
      'programme.assigned': '3',
      'programme.issued': '2',
      'programme.revisingBeforeAppraisal': '1',
      'additional.assigned': '2',
      'additional.submittedAwaitingDecision': '1',
      'additional.beingDrafted': '1',
      'additional.revisingBeforeAppraisal': '0',
      'programme.everSubmitted': '2',
      'byKind.committee_decision.additional.assigned': '2',
      'reviews.total': '10',
      'implementations.total': '5',
    };
    for (const [name, value] of Object.entries(expected))
      expect([name, figure(text, name)]).toEqual([name, value]);
  });

  it('shows smaller figures at an earlier date and later events after the inspection', async () => {
    const march = (await report('agency=so-khcn&year=2019&asOf=2019-03-31')).body;
    expect(march.programme).toMatchObject({ assigned: 3, issued: 0, submittedAwaitingDecision: 1 });
    // A1 was in consultation on 31 March: revising before appraisal, no longer also "being drafted".
    expect(march.additional).toMatchObject({
      assigned: 1,
      submittedAwaitingDecision: 0,
      revisingBeforeAppraisal: 1,
      beingDrafted: 0,
    });
    expect([march.reviews.total, march.implementations.total]).toEqual([4, 5]);
    expect(march.implementations.byStatus).toEqual({ not_started: 4, in_progress: 1, done: 0 });
    const dayBefore = (await report('agency=so-khcn&year=2019&asOf=2019-08-15')).body;
    expect(dayBefore.reviews.total).toBe(9);
    const yearEnd = (await report('agency=so-khcn&year=2019&asOf=2019-12-31T23:59:59%2B07:00')).body;
    expect(yearEnd.additional).toMatchObject({ issued: 1, submittedAwaitingDecision: 0 });
  });

  it('answers the agency’s own drafter, refuses another agency’s with 403', async () => {
    expect((await report('agency=so-khcn&year=2019', users.drafter)).status).toBe(200);
    const refused = await report('agency=so-khcn&year=2019', users.otherDrafter);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('REPORT.FORBIDDEN');
    // The specifics in detail (RFC 9457), the title the same for every refusal of the kind.
    expect(refused.body).toMatchObject({
      title: 'Your roles may not read this report',
      detail: expect.stringContaining('"so-khcn"'),
    });
    expect((await report('agency=so-khcn&year=2019', users.appraiser)).status).toBe(403);
    expect((await api.request('GET', '/reports/programme?agency=so-khcn&year=2019')).status).toBe(401);
  });

  it.each([
    ['an unknown parameter', 'agency=so-khcn&year=2019&format=csv'],
    ['a missing agency', 'year=2019'],
    ['a malformed year', 'agency=so-khcn&year=19'],
    ['an impossible date', 'agency=so-khcn&year=2019&asOf=2019-02-30'],
    ['an instant without offset', 'agency=so-khcn&year=2019&asOf=2019-02-03T10:00:00'],
    ['a repeated parameter', 'agency=so-khcn&agency=so-y-te&year=2019'],
    ['a malformed position', 'agency=so-khcn&year=2019&consistentWith=12'],
  ])('refuses %s with 400', async (_what, query) => {
    const reply = await report(query);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('VALIDATION.FAILED');
  });

  it('neither runs nor shows a formula typed into a review', async () => {
    const formula = '=HYPERLINK("http://evil.example","Bấm vào đây")';
    const created = await api.request('POST', '/reviews', {
      user: users.otherDrafter,
      body: { reviewedDocument: formula, outcome: 'keep', reviewedOn: '2019-08-01', year: 2019 },
    });
    expect(created.status).toBe(201);
    expect(
      (await api.request('GET', `/reviews/${created.body.id}`, { user: users.inspector })).body,
    ).toMatchObject({
      reviewedDocument: formula,
    });
    const token = await api.token(users.inspector);
    const at = created.body.position;
    const res = await fetch(
      `${api.baseUrl}/reports/programme?agency=so-y-te&year=2019&consistentWith=${at}`,
      {
        headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
      },
    );
    const text = await res.text();
    expect(figure(text, 'reviews.total')).toBe('1');
    expect(text).not.toContain('HYPERLINK');
    expect(text.split('\r\n').filter((line) => /^[=+\-@\t\r]/.test(line))).toEqual([]);
  });

  it('records nothing new when the scenario is replayed', async () => {
    const before = await countEvents(store.store);
    const again = await replayScenario(driver());
    expect(again).toEqual(loaded);
    expect(await countEvents(store.store)).toBe(before);
    expect(before).toBeGreaterThanOrEqual(SCENARIO_2019.length);
  });

  it('documents the new routes in OpenAPI', async () => {
    const doc = (await api.request('GET', '/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/reports/programme',
        '/reviews',
        '/reviews/{id}',
        '/implementations',
        '/implementations/{id}',
        '/implementations/{id}/record-status',
      ]),
    );
  });

  describe('the register routes', () => {
    const id = (alias: string) => loaded.handles[alias].id;
    const recordStatus = (
      user: (typeof users)[keyof typeof users],
      body: unknown,
      headers: Record<string, string>,
    ) => api.request('POST', `/implementations/${id('I5')}/record-status`, { user, body, headers });

    it('answers another agency’s entry exactly as a missing one', async () => {
      const review = await api.request('GET', `/reviews/${id('R01')}`, { user: users.drafter });
      expect(review.status).toBe(200);
      expect(review.body).toMatchObject({
        reviewedDocument: '15/2012/QĐ-UBND',
        outcome: 'keep',
        revision: 0,
      });
      expect((await api.request('GET', `/reviews/${id('R01')}`, { user: users.otherDrafter })).status).toBe(
        404,
      );
      expect((await api.request('GET', `/reviews/${id('R01')}`, { user: users.appraiser })).status).toBe(404);
      const missing = await api.request('GET', `/reviews/6b0c1a52-9d0b-4c55-9a36-3a0e7c1d2b47`, {
        user: users.inspector,
      });
      expect(missing.status).toBe(404);
      expect((await api.request('GET', '/reviews/not-a-uuid', { user: users.inspector })).status).toBe(400);
      const entry = await api.request('GET', `/implementations/${id('I1')}`, { user: users.inspector });
      expect(entry.body).toMatchObject({
        status: 'done',
        statusNote: 'Đã ban hành kế hoạch',
        statusRecords: 2,
      });
      expect(entry.headers.get('etag')).toBe('"2"');
      expect(
        (await api.request('GET', `/implementations/${id('I1')}`, { user: users.otherDrafter })).status,
      ).toBe(404);
    });

    it('guards record-status with If-Match, roles and Idempotency-Key as documents do', async () => {
      api.clock.setDate('2019-12-02');
      const body = { status: 'in_progress', note: 'Đã giao phòng chuyên môn' };
      expect((await recordStatus(users.drafter, body, {})).status).toBe(428);
      expect((await recordStatus(users.drafter, body, { 'if-match': '"3"' })).status).toBe(412);
      expect((await recordStatus(users.office, body, { 'if-match': '"0"' })).status).toBe(403);
      expect((await recordStatus(users.inspector, body, { 'if-match': '"0"' })).status).toBe(403);
      expect((await recordStatus(users.otherDrafter, body, { 'if-match': '"0"' })).status).toBe(404);
      expect((await recordStatus(users.drafter, { ...body, stage: 'x' }, { 'if-match': '"0"' })).status).toBe(
        400,
      );
      const headers = { 'if-match': '"0"', 'idempotency-key': 'status-key-0001' };
      const first = await recordStatus(users.drafter, body, headers);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        revision: 1,
        status: 'in_progress',
        events: ['ImplementationStatusRecorded'],
      });
      const retry = await recordStatus(users.drafter, body, headers);
      expect(retry.body).toEqual(first.body);
      expect((await recordStatus(users.drafter, { status: 'done' }, headers)).status).toBe(422);
      expect(
        (await recordStatus(users.drafter, { status: 'in_progress' }, { 'if-match': '"1"' })).status,
      ).toBe(409);
    });

    it('lets only the right roles create entries', async () => {
      const review = {
        reviewedDocument: '01/2019/QĐ-UBND',
        outcome: 'keep',
        reviewedOn: '2019-12-01',
        year: 2019,
      };
      expect((await api.request('POST', '/reviews', { user: users.office, body: review })).status).toBe(403);
      expect(
        (
          await api.request('POST', '/reviews', {
            user: users.drafter,
            body: { ...review, agency: 'so-y-te' },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api.request('POST', '/reviews', {
            user: users.drafter,
            body: { ...review, reviewedOn: '2019-12-25' },
          })
        ).status,
      ).toBe(409); // in the future
      const entry = { agency: 'so-khcn', year: 2019, title: 'Kế hoạch' };
      expect(
        (await api.request('POST', '/implementations', { user: users.drafter, body: entry })).status,
      ).toBe(403);
      const otherLead = { ...entry, agency: 'so-y-te' };
      expect(
        (await api.request('POST', '/implementations', { user: users.lead, body: otherLead })).status,
      ).toBe(403);
      const created = await api.request('POST', '/implementations', { user: users.lead, body: entry });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/implementations/${created.body.id}`);
    });
  });
});
