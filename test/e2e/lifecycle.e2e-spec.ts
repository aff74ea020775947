import { pgliteStore, postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api, type User } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

const programmeDecision = {
  kind: 'committee_decision',
  title: 'Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh',
  agency: 'so-khcn',
  procedure: 'standard',
  origin: 'programme',
  year: 2019,
  plannedMonth: '2019-06',
};

describe.each([
  ['PostgreSQL', postgresStore],
  ['PGlite (embedded)', pgliteStore],
])('the drafting lifecycle over HTTP on %s', (_name, makeStore) => {
  let store: TestStore;
  let api: Api;

  beforeAll(async () => {
    store = await makeStore();
    api = await startApi(store.store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  // lifecycle.md, "Legal regime of a document": fixed at assignment, moved by the committee office with a reason.
  it('moves a document to another regime only by the committee office, with a reason', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, { ...programmeDecision, title: 'Chuyển chế độ pháp lý' });
    expect((await doc.get(users.drafter)).body.regime).toBe('2016');
    const move = { regime: '2021', reason: 'Quy định chuyển tiếp' };
    expect((await doc.run('change-regime', users.lead, move)).status).toBe(403);
    expect((await doc.run('change-regime', users.office, { regime: '2021' })).status).toBe(400); // no reason
    await doc.expect('change-regime', users.office, 'planned', move);
    expect((await doc.run('change-regime', users.office, move)).status).toBe(409); // already 2021
    const view = await doc.get(users.drafter);
    expect(view.body.regime).toBe('2021');
    const list = await api.request('GET', `/documents?limit=100&consistentWith=${doc.position}`, {
      user: users.drafter,
    });
    const items = list.body.items as { id: string; regime: string }[];
    expect(items.find((i) => i.id === doc.id)).toMatchObject({ regime: '2021' });
  });

  it('sets and changes the UBND meeting a draft is planned for, never one already past', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, { ...programmeDecision, title: 'Ngày họp UBND' });
    expect((await doc.run('set-meeting-date', users.drafter, { meetingDate: '2019-06-20' })).status).toBe(
      403,
    );
    expect((await doc.run('set-meeting-date', users.lead, { meetingDate: '2018-12-20' })).status).toBe(409);
    await doc.expect('set-meeting-date', users.lead, 'planned', { meetingDate: '2019-06-20' });
    await doc.expect('set-meeting-date', users.office, 'planned', {
      meetingDate: '2019-07-25',
      reason: 'Lịch họp thay đổi',
    });
    expect((await doc.get(users.drafter)).body.meetingDate).toBe('2019-07-25');
  });

  // Consultation, appraisal (sent back once as not fit), submission, adoption, signing, gazette.
  it('walks a standard committee decision from assignment to publication', async () => {
    const doc = new DocumentWalk(api);
    expect((await doc.assign(users.office, programmeDecision)).body.stage).toBe('planned');
    await doc.expect('start-drafting', users.drafter, 'drafting');
    await doc.expect('open-consultation', users.drafter, 'consulting');
    expect((await doc.run('close-consultation', users.drafter)).status).toBe(409); // posting period not over
    api.clock.advanceDays(30);
    await doc.expect('close-consultation', users.drafter, 'revising');
    await doc.expect('record-revision', users.drafter, 'revising', { summary: 'Tiếp thu ý kiến góp ý' });
    expect((await doc.run('send-for-appraisal', users.drafter)).status).toBe(403);
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
    api.clock.setDate('2019-02-12');
    const notFit = { outcome: 'not_fit', reportNumber: '45/BC-STP', reportDate: '2019-02-12' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', notFit);
    // Regime 2016 (assigned in 2019): a recorded report carries no verdict; the drafters revise anyway.
    await doc.expect('record-revision', users.drafter, 'appraised', {
      summary: 'Chỉnh lý theo báo cáo thẩm định',
    });
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
    api.clock.setDate('2019-02-20');
    const fit = { outcome: 'fit', reportNumber: '52/BC-STP', reportDate: '2019-02-20' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await doc.expect('submit', users.lead, 'submitted');
    api.clock.setDate('2019-03-05');
    await doc.expect('adopt', users.office, 'adopted', { adoptedOn: '2019-02-28' });
    // Art 10(3)(c): the engine proposes the next free number where it is entered, and on its route.
    const adopted = await doc.get(users.office);
    expect(adopted.body.availableCommands).toContain('issue');
    expect(adopted.body.proposals).toEqual({ issue: { documentNumber: '01/2019/QĐ-UBND' } });
    expect((await doc.get(users.drafter)).body.proposals).toBeUndefined();
    const next = await api.request('GET', `/documents/${doc.id}/next-number?signingDate=2020-01-02`, {
      user: users.office,
    });
    expect(next.status).toBe(200);
    expect(next.body).toEqual({
      documentId: doc.id,
      command: 'issue',
      year: 2020,
      documentNumber: '01/2020/QĐ-UBND',
    });
    const asDrafter = await api.request('GET', `/documents/${doc.id}/next-number`, { user: users.drafter });
    expect(asDrafter.status).toBe(403);
    const early = {
      documentNumber: '12/2019/QĐ-UBND',
      signingDate: '2019-03-01',
      effectiveDate: '2019-03-10',
    };
    expect((await doc.run('issue', users.office, early)).status).toBe(409); // Art 151: ≥ 10 days after signing
    await doc.expect('issue', users.office, 'issued', { ...early, effectiveDate: '2019-03-11' });
    await doc.expect('record-publication', users.office, 'published', { publishedOn: '2019-03-05' });

    const view = await doc.get(users.inspector);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      stage: 'published',
      documentNumber: '12/2019/QĐ-UBND',
      revision: doc.revision,
    });
    expect(view.body.availableCommands).toEqual([]);
    expect(view.body.regime).toBe('2016'); // fixed at assignment, shown on it and in the list
    const list = await api.request('GET', `/documents?limit=100&consistentWith=${doc.position}`, {
      user: users.inspector,
    });
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; regime: string }[];
    expect(items.find((i) => i.id === doc.id)).toMatchObject({ regime: '2016' });
    const after = await api.request('GET', `/documents/${doc.id}/next-number`, { user: users.office });
    expect(after.body).toMatchObject({ year: 2019, documentNumber: '13/2019/QĐ-UBND' }); // after 12, taken
    const history = await store.store.readStream(`draft-${doc.id}`);
    expect(history.map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
      'ConsultationOpened',
      'ConsultationClosed',
      'DraftRevised',
      'SentForAppraisal',
      'AppraisalRecorded',
      'DraftRevised',
      'SentForAppraisal',
      'AppraisalRecorded',
      'Submitted',
      'Adopted',
      'Issued',
      'PublicationRecorded',
    ]);
    expect(history[5].metadata.actor).toEqual({ userId: 'u-lead', role: 'drafting_lead', agency: 'so-khcn' });
  });

  it('walks a council resolution through verification, a postponed session and certification', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, {
      ...programmeDecision,
      kind: 'council_resolution',
      title: 'Nghị quyết quy định mức chi',
    });
    await doc.expect('start-drafting', users.drafter, 'drafting');
    await doc.expect('open-consultation', users.drafter, 'consulting');
    api.clock.advanceDays(31);
    await doc.expect('close-consultation', users.drafter, 'revising');
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
    api.clock.setDate('2019-04-08');
    await doc.expect('record-appraisal', users.appraiser, 'appraised', {
      outcome: 'fit',
      reportNumber: '60/BC-STP',
      reportDate: '2019-04-08',
    });
    await doc.expect('submit', users.lead, 'submitted');
    expect((await doc.run('adopt', users.office)).status).toBe(409); // a resolution is adopted by the council
    await doc.expect('approve-for-council', users.office, 'committee_approved', {
      sessionDate: '2019-07-10',
    });
    await doc.expect('submit-to-council', users.office, 'under_verification');
    await doc.expect('record-verification', users.council, 'verified', { reportNumber: '15/BC-HĐND' });
    await doc.expect('table', users.council, 'tabled', { sessionDate: '2019-07-10' });
    await doc.expect('postpone', users.council, 'verified', { sessionDate: '2019-12-05' });
    await doc.expect('table', users.council, 'tabled', { sessionDate: '2019-12-05' });
    api.clock.setDate('2019-12-15');
    await doc.expect('adopt', users.council, 'adopted', { adoptedOn: '2019-12-05' });
    const wrongKind = {
      documentNumber: '20/2019/QĐ-UBND',
      signingDate: '2019-12-10',
      effectiveDate: '2019-12-20',
    };
    expect((await doc.run('certify', users.council, wrongKind)).status).toBe(409); // resolutions are NQ-HĐND
    expect((await doc.run('issue', users.office, wrongKind)).status).toBe(409); // a resolution is certified
    await doc.expect('certify', users.council, 'issued', { ...wrongKind, documentNumber: '20/2019/NQ-HĐND' });
    await doc.expect('record-publication', users.office, 'published', { publishedOn: '2019-12-15' });
  });

  it('lets a simplified procedure skip consultation, never appraisal, and take effect on signing', async () => {
    const standard = new DocumentWalk(api);
    await standard.assign(users.office, { ...programmeDecision, title: 'Thủ tục thông thường' });
    await standard.expect('start-drafting', users.drafter, 'drafting');
    expect((await standard.run('send-for-appraisal', users.lead)).status).toBe(409); // consultation is required
    expect((await standard.run('submit', users.lead)).status).toBe(409);

    api.clock.setDate('2019-05-03');
    const simplified = new DocumentWalk(api);
    await simplified.assign(users.office, {
      ...programmeDecision,
      procedure: 'simplified',
      title: 'Thủ tục rút gọn',
    });
    await simplified.expect('start-drafting', users.drafter, 'drafting');
    const skipped = await simplified.run('submit', users.lead);
    expect([skipped.status, skipped.body.code]).toEqual([409, 'DRAFT.ILLEGAL_TRANSITION']); // appraisal first
    await simplified.expect('send-for-appraisal', users.lead, 'in_appraisal');
    const report = { outcome: 'fit', reportNumber: '60/BC-STP', reportDate: '2019-05-03' };
    await simplified.expect('record-appraisal', users.appraiser, 'appraised', report);
    await simplified.expect('submit', users.lead, 'submitted');
    await simplified.expect('adopt', users.office, 'adopted', { adoptedOn: '2019-05-03' });
    const onSigning = {
      documentNumber: '13/2019/QĐ-UBND',
      signingDate: '2019-05-03',
      effectiveDate: '2019-05-03',
    };
    await simplified.expect('issue', users.office, 'issued', onSigning);
    await simplified.expect('record-publication', users.office, 'published', { publishedOn: '2019-05-03' });
  });

  it('never issues one number twice', async () => {
    const issueReady = async (title: string) => {
      const doc = new DocumentWalk(api);
      await doc.assign(users.office, { ...programmeDecision, procedure: 'simplified', title });
      await doc.expect('start-drafting', users.drafter, 'drafting');
      await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
      const report = { outcome: 'fit', reportNumber: '61/BC-STP', reportDate: '2019-06-03' };
      await doc.expect('record-appraisal', users.appraiser, 'appraised', report);
      await doc.expect('submit', users.lead, 'submitted');
      await doc.expect('adopt', users.office, 'adopted');
      return doc;
    };
    api.clock.setDate('2019-06-03');
    const first = await issueReady('Văn bản thứ nhất');
    const second = await issueReady('Văn bản thứ hai');
    const body = {
      documentNumber: '30/2019/QĐ-UBND',
      signingDate: '2019-06-03',
      effectiveDate: '2019-06-03',
    };
    await first.expect('issue', users.office, 'issued', body);
    const clash = await second.run('issue', users.office, body);
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('DRAFT.NUMBER_TAKEN');
    expect((await second.get(users.office)).body.stage).toBe('adopted');
  });
});

// lifecycle.md, "Business dates" and "Guards" (issue 10 items 1 and 2): officers record what
// happened on earlier days through the API, and each of the dates seen accepted before is refused
// with a problem that names the rule, appending nothing.
describe('business dates and appraisal over HTTP', () => {
  let store: TestStore;
  let api: Api;
  const decision2021 = { ...programmeDecision, year: 2021, plannedMonth: '2021-09' };

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store);
    api.clock.setDate('2021-12-20');
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  const revisionOf = async (doc: DocumentWalk) => (await store.store.readStream(`draft-${doc.id}`)).length;
  /** The command is refused with this status and rule, and the stream does not grow. */
  const refused = async (doc: DocumentWalk, command: string, user: User, body: object, status = 409) => {
    const before = await revisionOf(doc);
    const reply = await doc.run(command, user, body as Record<string, unknown>);
    expect([reply.status, reply.headers.get('content-type')]).toEqual([
      status,
      expect.stringContaining('problem+json'),
    ]);
    expect(await revisionOf(doc)).toBe(before);
    return reply.body as { code: string; title: string; detail?: string };
  };
  const assignedOn = async (occurredOn: string, body: object = decision2021) => {
    const doc = new DocumentWalk(api);
    expect((await doc.assign(users.office, { ...body, occurredOn })).status).toBe(201);
    return doc;
  };
  const consultedOn = async (doc: DocumentWalk, from: string, to: string) => {
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: from });
    await doc.expect('open-consultation', users.drafter, 'consulting', { occurredOn: from });
    await doc.expect('close-consultation', users.drafter, 'revising', { occurredOn: to });
  };

  it('records back-dated steps with their business date beside the store’s time', async () => {
    const doc = await assignedOn('2021-03-01');
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: '2021-03-04' });
    const [, started] = await store.store.readStream(`draft-${doc.id}`);
    expect(started.data.occurredOn).toBe('2021-03-04');
    expect(started.metadata).toMatchObject({
      occurredOn: '2021-03-04',
      occurredAt: '2021-03-04T05:00:00.000Z',
    });
    expect(started.recordedAt.slice(0, 4)).not.toBe('2021'); // the store's own clock
    const future = await refused(doc, 'open-consultation', users.drafter, { occurredOn: '2021-12-21' });
    expect(future.detail).toContain('future');
  });

  it('refuses a consultation posted 2019-01-15 on a draft assigned 2019-03-01', async () => {
    const doc = await assignedOn('2019-03-01', programmeDecision);
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: '2019-03-01' });
    const problem = await refused(doc, 'open-consultation', users.drafter, { postedAt: '2019-01-15' });
    expect(problem.detail).toContain('2019-03-01');
  });

  it('refuses an appraisal report dated before the dossier was sent', async () => {
    const doc = await assignedOn('2021-03-01');
    await consultedOn(doc, '2021-03-02', '2021-04-05');
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2021-04-10' });
    const report = { outcome: 'fit', reportNumber: '70/BC-STP', reportDate: '2021-04-09' };
    await refused(doc, 'record-appraisal', users.appraiser, report);
  });

  it('refuses submission without a fit appraisal (2021), adoption and signing before submission', async () => {
    const doc = await assignedOn('2021-03-01');
    await consultedOn(doc, '2021-03-02', '2021-04-05');
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2021-04-10' });
    const notFit = { outcome: 'not_fit', reportNumber: '71/BC-STP', reportDate: '2021-04-20' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', notFit);
    expect((await refused(doc, 'submit', users.lead, { occurredOn: '2021-04-21' })).code).toBe(
      'DRAFT.GUARD_VIOLATION',
    );
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2021-04-22' });
    const fit = { outcome: 'fit', reportNumber: '72/BC-STP', reportDate: '2021-04-28' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await refused(doc, 'submit', users.lead, { occurredOn: '2021-04-27' }); // before the report
    await doc.expect('submit', users.lead, 'submitted', { occurredOn: '2021-05-03' });
    await refused(doc, 'adopt', users.office, { adoptedOn: '2021-05-02' });
    await doc.expect('adopt', users.office, 'adopted', { adoptedOn: '2021-05-10' });
    const signedEarly = {
      documentNumber: '40/2021/QĐ-UBND',
      signingDate: '2021-05-01',
      effectiveDate: '2021-05-20',
    };
    await refused(doc, 'issue', users.office, signedEarly);
  });

  it('refuses a simplified draft straight from drafting (appraisal is shortened, never skipped)', async () => {
    const doc = await assignedOn('2021-03-01', { ...decision2021, procedure: 'simplified' });
    await doc.expect('start-drafting', users.drafter, 'drafting', { occurredOn: '2021-03-02' });
    expect((await refused(doc, 'submit', users.lead, {})).code).toBe('DRAFT.ILLEGAL_TRANSITION');
  });

  it('refuses a council session in the past and a postponement to an earlier session', async () => {
    const doc = await assignedOn('2021-03-01', { ...decision2021, kind: 'council_resolution' });
    await consultedOn(doc, '2021-03-02', '2021-04-05');
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal', { occurredOn: '2021-04-10' });
    const fit = { outcome: 'fit', reportNumber: '73/BC-STP', reportDate: '2021-04-20' };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await doc.expect('submit', users.lead, 'submitted', { occurredOn: '2021-04-21' });
    await refused(doc, 'approve-for-council', users.office, {
      occurredOn: '2021-04-22',
      sessionDate: '2021-04-01',
    });
    await doc.expect('approve-for-council', users.office, 'committee_approved', {
      occurredOn: '2021-04-22',
      sessionDate: '2021-07-10',
    });
    await doc.expect('submit-to-council', users.office, 'under_verification', { occurredOn: '2021-04-23' });
    await doc.expect('record-verification', users.council, 'verified', { occurredOn: '2021-05-10' });
    await refused(doc, 'table', users.council, { occurredOn: '2021-05-20', sessionDate: '2021-05-15' });
    await doc.expect('table', users.council, 'tabled', {
      occurredOn: '2021-05-20',
      sessionDate: '2021-07-10',
    });
    await refused(doc, 'postpone', users.council, { occurredOn: '2021-06-01', sessionDate: '2021-07-01' });
    await doc.expect('postpone', users.council, 'verified', {
      occurredOn: '2021-06-01',
      sessionDate: '2021-12-05',
    });
  });
});
