// lifecycle.md after issue 10 items 3 and 4, over HTTP: the Department of Justice accepts a
// dossier as complete (AcceptDossier), the appraisal clock of regimes 2021/2025 counts from that
// acceptance for the configured days (unverified values are configuration), and the report
// splits its figures by regime. Business dates throughout: the steps are recorded as they
// happened in 2025, on a PostgreSQL schema of this file's own.
import { randomBytes } from 'node:crypto';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function until<T>(check: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const decision2025 = {
  kind: 'committee_decision',
  title: 'Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025',
  agency: 'so-khcn',
  procedure: 'standard',
  origin: 'programme',
  year: 2025,
  plannedMonth: '2025-09',
};

describe('the law of 2025 over HTTP (issue 10 items 3 and 4)', () => {
  let store: TestStore;
  let api: Api;

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store, {
      RUN_PROJECTIONS: 'true',
      // The unverified parameters, configured: the clocks below must follow these, not the defaults.
      APPRAISAL_DAYS_2025: '20',
      DOSSIER_CHECK_WORKING_DAYS: '3',
      QUEUE_PREFIX: `test-e2e-${randomBytes(5).toString('hex')}`,
    });
    api.clock.setDate('2025-12-20');
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  const clocksOf = async (doc: DocumentWalk) =>
    (await api.request('GET', `/documents/${doc.id}/deadlines`, { user: users.lead })).body
      .deadlines as Json[];
  const clock = (doc: DocumentWalk, name: string, status: string) =>
    until(async () => (await clocksOf(doc)).find((c) => c.name === name && c.status === status));

  it('accepts a dossier as complete once, by the appraiser, and counts the 2025 appraisal from it for the configured days', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, { ...decision2025, occurredOn: '2025-05-05' });
    expect((await doc.get(users.drafter)).body.regime).toBe('2025');
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: '2025-05-06' });
    await doc.expect('open-consultation', users.drafter, 'consulting', { occurredOn: '2025-05-06' });
    await doc.expect('close-consultation', users.drafter, 'revising', { occurredOn: '2025-06-09' });
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2025-06-10' });
    // Sent Tuesday 10 June: three working days (configured) to accept or return it.
    expect(await clock(doc, 'dossier_check', 'open')).toMatchObject({ dueDate: '2025-06-13' });
    expect((await clocksOf(doc)).some((c) => c.name === 'appraisal_report')).toBe(false);

    expect((await doc.run('accept-dossier', users.lead, { occurredOn: '2025-06-12' })).status).toBe(403);
    const early = await doc.run('accept-dossier', users.appraiser, { occurredOn: '2025-06-09' });
    expect([early.status, early.body.detail]).toEqual([409, expect.stringContaining('2025-06-10')]);
    const view = await doc.get(users.appraiser);
    expect(view.body.availableCommands).toEqual(
      expect.arrayContaining(['accept-dossier', 'return-dossier', 'record-appraisal']),
    );
    await doc.expect('accept-dossier', users.appraiser, 'in_appraisal', { occurredOn: '2025-06-12' });
    const again = await doc.run('accept-dossier', users.appraiser, { occurredOn: '2025-06-12' });
    expect([again.status, again.body.code]).toEqual([409, 'DRAFT.GUARD_VIOLATION']);
    const accepted = await doc.get(users.appraiser);
    expect(accepted.body.appraisal).toMatchObject({
      pending: true,
      accepted: true,
      acceptedOn: '2025-06-12',
    });
    expect(accepted.body.availableCommands).not.toContain('accept-dossier');

    expect(await clock(doc, 'dossier_check', 'met')).toMatchObject({ dueDate: '2025-06-13' });
    // 20 days (APPRAISAL_DAYS_2025) from the dossier accepted complete on 12 June.
    const appraisal = await clock(doc, 'appraisal_report', 'open');
    expect(appraisal).toMatchObject({ dueDate: '2025-07-02' });

    const fit = { outcome: 'fit', reportNumber: '88/BC-STP', reportDate: '2025-06-25' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await clock(doc, 'appraisal_report', 'met');

    const report = await api.request(
      'GET',
      `/reports/programme?agency=so-khcn&year=2025&asOf=2025-12-20&consistentWith=${doc.position}`,
      { user: users.inspector },
    );
    expect(report.status).toBe(200);
    expect(report.body.byRegime['2025'].programme).toMatchObject({ appraisedAwaitingSubmission: 1 });
    expect(report.body.byRegime['2016'].programme.assigned).toBe(0);
    const csv = await fetch(`${api.baseUrl}/reports/programme?agency=so-khcn&year=2025&asOf=2025-12-20`, {
      headers: { authorization: `Bearer ${await api.token(users.inspector)}`, accept: 'text/csv' },
    });
    expect(await csv.text()).toContain('byRegime.2025.programme.appraisedAwaitingSubmission');
  });

  // lifecycle.md, "Decisions of the Chair" (Law 87/2025, Decree 187/2025 Art 51a).
  it('walks a decision of the Chair: 10 days posted, the four departments answer, appraised, signed by the Chair, numbered QĐ-CTUBND', async () => {
    const body = {
      kind: 'chair_decision',
      title: 'Quyết định của Chủ tịch UBND tỉnh về ủy quyền quản lý đề tài',
      agency: 'so-khcn',
      procedure: 'standard',
      origin: 'additional',
      year: 2025,
    };
    const tooEarly = await new DocumentWalk(api).assign(users.office, { ...body, occurredOn: '2025-06-30' });
    expect([tooEarly.status, tooEarly.body.detail]).toEqual([409, expect.stringContaining('2025-07-01')]);
    const withMeeting = { ...body, occurredOn: '2025-07-10', meetingDate: '2025-09-01' };
    expect((await new DocumentWalk(api).assign(users.office, withMeeting)).status).toBe(409);

    const doc = new DocumentWalk(api);
    expect((await doc.assign(users.office, { ...body, occurredOn: '2025-07-10' })).status).toBe(201);
    expect((await doc.get(users.drafter)).body).toMatchObject({ kind: 'chair_decision', regime: '2025' });
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: '2025-07-11' });
    await doc.expect('open-consultation', users.drafter, 'consulting', { occurredOn: '2025-07-14' });
    expect(await clock(doc, 'consultation_minimum', 'open')).toMatchObject({ dueDate: '2025-07-24' });
    expect(await clock(doc, 'department_answers', 'open')).toMatchObject({ dueDate: '2025-07-21' });

    const answer = (department: string, occurredOn: string) =>
      doc.expect('record-department-opinion', users.drafter, 'consulting', { department, occurredOn });
    await answer('finance', '2025-07-15');
    expect(
      (await doc.run('record-department-opinion', users.drafter, { department: 'finance' })).status,
    ).toBe(409);
    expect((await doc.run('record-department-opinion', users.drafter, { department: 'health' })).status).toBe(
      400,
    );
    const missing = await doc.run('close-consultation', users.drafter, { occurredOn: '2025-07-16' });
    expect([missing.status, missing.body.detail]).toEqual([409, expect.stringContaining('2025-07-24')]);
    await answer('home_affairs', '2025-07-16');
    await answer('justice', '2025-07-17');
    const last = await answer('science_technology', '2025-07-18');
    expect(last.body.events).toEqual(['DepartmentOpinionRecorded', 'DepartmentsAnswered']);
    expect((await doc.get(users.drafter)).body.consultation.answers).toEqual({
      finance: '2025-07-15',
      home_affairs: '2025-07-16',
      justice: '2025-07-17',
      science_technology: '2025-07-18',
    });
    await clock(doc, 'department_answers', 'met');
    // Every answer in, yet posted 10 days at least.
    expect((await doc.run('close-consultation', users.drafter, { occurredOn: '2025-07-23' })).status).toBe(
      409,
    );
    await doc.expect('close-consultation', users.drafter, 'revising', { occurredOn: '2025-07-24' });

    const meeting = { occurredOn: '2025-07-25', meetingDate: '2025-09-01' };
    expect((await doc.run('send-for-appraisal', users.lead, meeting)).status).toBe(409); // no UBND meeting
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2025-07-25' });
    await doc.expect('accept-dossier', users.appraiser, 'in_appraisal', { occurredOn: '2025-07-28' });
    const fit = { outcome: 'fit', reportNumber: '95/BC-STP', reportDate: '2025-08-05' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await doc.expect('submit', users.lead, 'submitted', { occurredOn: '2025-08-06' });

    // Submitted to and signed by the Chair: no collective adoption, its own numbers.
    expect((await doc.run('adopt', users.office, { adoptedOn: '2025-08-07' })).status).toBe(409);
    const submitted = await doc.get(users.office);
    expect(submitted.body.availableCommands).toContain('issue');
    expect(submitted.body.availableCommands).not.toContain('adopt');
    expect(submitted.body.availableCommands).not.toContain('postpone');
    const next = await api.request('GET', `/documents/${doc.id}/next-number?signingDate=2025-08-08`, {
      user: users.office,
    });
    expect(next.body).toMatchObject({ command: 'issue', year: 2025, documentNumber: '01/2025/QĐ-CTUBND' });
    const signed = { signingDate: '2025-08-08', effectiveDate: '2025-08-18' };
    const asCommittee = await doc.run('issue', users.office, {
      ...signed,
      documentNumber: '01/2025/QĐ-UBND',
    });
    expect(asCommittee.status).toBe(409);
    await doc.expect('issue', users.office, 'issued', { ...signed, documentNumber: '01/2025/QĐ-CTUBND' });
    await doc.expect('record-publication', users.office, 'published', { publishedOn: '2025-08-10' });

    const list = await api.request('GET', `/documents?kind=chair_decision&consistentWith=${doc.position}`, {
      user: users.inspector,
    });
    expect((list.body.items as Json[]).map((i) => i.id)).toEqual([doc.id]);
    const report = await api.request(
      'GET',
      `/reports/programme?agency=so-khcn&year=2025&asOf=2025-12-20&consistentWith=${doc.position}`,
      { user: users.inspector },
    );
    expect(report.body.byKind.chair_decision.additional).toMatchObject({
      assigned: 1,
      issued: 1,
      everSubmitted: 1,
    });
    expect(report.body.byRegime['2025'].additional).toMatchObject({ assigned: 1, issued: 1 });
  });
});
