import { pgliteStore, postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
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
    expect((await doc.run('submit', users.lead)).status).toBe(409); // needs a fit appraisal
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
    api.clock.setDate('2019-04-02');
    await doc.expect('record-appraisal', users.appraiser, 'appraised', {
      outcome: 'fit',
      reportNumber: '60/BC-STP',
      reportDate: '2019-04-02',
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

  it('lets a simplified procedure skip consultation and appraisal and take effect on signing', async () => {
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
    await simplified.expect('submit', users.lead, 'submitted');
    await simplified.expect('adopt', users.office, 'adopted', { adoptedOn: '2019-05-02' });
    const onSigning = {
      documentNumber: '13/2019/QĐ-UBND',
      signingDate: '2019-05-02',
      effectiveDate: '2019-05-02',
    };
    await simplified.expect('issue', users.office, 'issued', onSigning);
    await simplified.expect('record-publication', users.office, 'published', { publishedOn: '2019-05-03' });
  });

  it('never issues one number twice', async () => {
    const issueReady = async (title: string) => {
      const doc = new DocumentWalk(api);
      await doc.assign(users.office, { ...programmeDecision, procedure: 'simplified', title });
      await doc.expect('start-drafting', users.drafter, 'drafting');
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
