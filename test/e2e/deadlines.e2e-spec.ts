// Statutory deadlines end to end: the real app over HTTP, a PostgreSQL schema, the real Redis
// under a prefix of this file's own, and the test rule book (seconds, scaled) so clocks run out
// while the test watches. Business time (the TestClock) is kept at real time: the worker fires
// on real time, checked against the database's clock.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api, type User } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import { addDays, localDate } from '#drafting';

/** The business date of a step taken now (Viet Nam time): never before the step it follows. */
const today = () => localDate(new Date().toISOString());

const prefix = `test-e2e-${randomBytes(5).toString('hex')}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const directoryFile = fileURLToPath(new URL('../../apps/api/user-directory.sample.json', import.meta.url));

const additionalDecision = {
  kind: 'committee_decision',
  title: 'Quy định <script>alert(1)</script> về quản lý đề tài',
  agency: 'so-khcn',
  // Simplified: appraisal without consultation (whose 30-day minimum would need business time to pass).
  procedure: 'simplified',
  origin: 'additional',
  year: 2026,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function until<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('statutory deadlines over HTTP (test rule book, real Redis)', () => {
  let store: TestStore;
  let api: Api;

  beforeAll(async () => {
    store = await postgresStore();
    api = await startApi(store.store, {
      RUN_DEADLINES: 'true',
      DEADLINE_RULES: 'test',
      // The simplified appraisal clock: due 3 s after sending, its reminder 1.5 s before.
      DEADLINE_TEST_SCALE: '0.3',
      QUEUE_PREFIX: prefix,
      REDIS_URL,
      USER_DIRECTORY_FILE: directoryFile,
    });
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
    await deleteKeysWithPrefix(prefix);
  });

  /** Commands happen "now" in real time, so the clocks they start run out in real time. */
  const realTime = () => api.clock.advanceDays((Date.now() - api.clock.now().getTime()) / 86_400_000);

  async function sentForAppraisal(): Promise<DocumentWalk> {
    realTime();
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, additionalDecision);
    await doc.expect('start-drafting', users.drafter, 'drafting');
    realTime();
    await doc.expect('send-for-appraisal', users.lead, 'in_appraisal');
    // Regime 2025: the appraisal clock counts from the dossier accepted complete (the check stops).
    await doc.expect('accept-dossier', users.appraiser, 'in_appraisal');
    return doc;
  }

  const inbox = async (user: User, documentId: string) =>
    ((await api.request('GET', '/me/notifications', { user })).body.notifications as Json[]).filter(
      (n) => n.documentId === documentId,
    );
  const deadlines = async (doc: DocumentWalk, user: User = users.lead) =>
    (await api.request('GET', `/documents/${doc.id}/deadlines`, { user })).body.deadlines as Json[];
  /** The appraisal clock alone (the dossier check, met on acceptance, is listed beside it). */
  const appraisalClocks = async (doc: DocumentWalk) =>
    (await deadlines(doc)).filter((c) => c.name === 'appraisal_report');

  it('reminds the appraiser before the appraisal is due and escalates after, to the lead too', async () => {
    const doc = await sentForAppraisal();
    const [clock] = await until(async () => {
      const list = await appraisalClocks(doc);
      return list.length > 0 && list;
    });
    expect(clock).toMatchObject({ name: 'appraisal_report', status: 'open', dueIn: { overdue: false } });
    expect(
      (await api.request('GET', `/documents/${doc.id}/deadlines`, { user: users.otherDrafter })).status,
    ).toBe(404);

    const [reminder] = await until(async () => {
      const got = await inbox(users.appraiser, doc.id);
      return got.length > 0 && got;
    });
    expect(reminder).toMatchObject({ kind: 'reminder', clock: 'appraisal_report' });
    expect(reminder.message).toContain('Nhắc hạn: Báo cáo thẩm định');
    expect(Date.parse(reminder.createdAt)).toBeLessThan(Date.parse(clock.dueAt)); // before due
    expect(await inbox(users.lead, doc.id)).toEqual([]); // the lead hears only when it is missed

    const [escalation] = await until(async () => {
      const got = (await inbox(users.lead, doc.id)).filter((n) => n.kind === 'escalation');
      return got.length > 0 && got;
    });
    expect(Date.parse(escalation.createdAt)).toBeGreaterThanOrEqual(Date.parse(clock.dueAt)); // never early
    expect((await inbox(users.appraiser, doc.id)).map((n) => n.kind).sort()).toEqual([
      'escalation',
      'reminder',
    ]);
    expect(await inbox(users.otherDrafter, doc.id)).toEqual([]);

    // Recorded in the document's deadline stream; the draft's own stream holds what people did.
    const types = (await store.store.readStream(`deadline-${doc.id}`)).map((e) => e.type);
    expect(types).toEqual(['DeadlineReminderSent', 'DeadlineMissed']);
    expect((await store.store.readStream(`draft-${doc.id}`)).map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
      'SentForAppraisal',
      'DossierAccepted',
    ]);
    await until(async () => (await appraisalClocks(doc))[0].status === 'missed');

    // The drafting side ignores the deadline facts: the document still reads and moves.
    const view = await doc.get(users.appraiser);
    expect(view.body.stage).toBe('in_appraisal');
    doc.revision = view.body.revision;
    const fit = { outcome: 'fit', reportNumber: '7/BC-STP', reportDate: today() };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);

    const read = await api.request('POST', `/me/notifications/${reminder.id}/read`, {
      user: users.appraiser,
    });
    expect(read.status).toBe(204);
    expect(
      (await api.request('POST', `/me/notifications/${reminder.id}/read`, { user: users.lead })).status,
    ).toBe(404);
    expect((await inbox(users.appraiser, doc.id)).find((n) => n.id === reminder.id)?.readAt).not.toBeNull();

    // Operators see it too: reminder lateness, queue depth and projection lag at /metrics.
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/draftline_reminder_lateness_seconds_count\{kind="reminder"\} [1-9]/);
    expect(metrics).toMatch(/draftline_reminder_lateness_seconds_count\{kind="escalation"\} [1-9]/);
    expect(metrics).toMatch(/draftline_queue_jobs\{queue="deadlines",state="delayed"\} \d+/);
    expect(metrics).toMatch(/draftline_projection_lag_seconds\{projection="document_status"\} [\d.e-]+/);
    expect(metrics).toMatch(/draftline_projection_parked_events\{projection="deadlines"\} 0/);
  });

  it('starts the dossier clock when a meeting date is set on a draft, and again for a new date', async () => {
    realTime();
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, additionalDecision);
    const dossierClocks = async () =>
      (await deadlines(doc)).filter((c) => c.name === 'dossier_before_meeting');
    expect(await dossierClocks()).toEqual([]); // no meeting, no clock
    realTime();
    await doc.expect('set-meeting-date', users.lead, 'planned', { meetingDate: addDays(today(), 40) });
    const [first] = await until(async () => {
      const list = await dossierClocks();
      return list.length > 0 && list;
    });
    expect(first).toMatchObject({ status: 'open' });
    realTime();
    const moved = { meetingDate: addDays(today(), 60), reason: 'Lịch họp UBND thay đổi' };
    await doc.expect('set-meeting-date', users.office, 'planned', moved);
    const both = await until(async () => {
      const list = await dossierClocks();
      return list.length === 2 && list;
    });
    expect(both.map((c) => c.status).sort()).toEqual(['cancelled', 'open']);
    expect((await doc.get(users.lead)).body.meetingDate).toBe(moved.meetingDate);
  });

  it('cancels what is left when the appraisal is recorded before it is due', async () => {
    const doc = await sentForAppraisal();
    await until(async () => (await inbox(users.appraiser, doc.id)).length > 0);
    const [clock] = await appraisalClocks(doc);
    realTime();
    doc.revision = (await doc.get(users.appraiser)).body.revision;
    const fit = { outcome: 'fit', reportNumber: '8/BC-STP', reportDate: today() };
    await doc.expect('record-appraisal', users.appraiser, 'appraised', fit);
    await until(async () => (await appraisalClocks(doc))[0].status === 'met');

    // Past the due time (a bounded wait on the clock, not a fixed sleep): nobody is told.
    await until(async () => Date.now() > Date.parse(clock.dueAt) + 500);
    expect((await inbox(users.lead, doc.id)).filter((n) => n.kind === 'escalation')).toEqual([]);
    expect((await inbox(users.appraiser, doc.id)).map((n) => n.kind)).toEqual(['reminder']);
    const types = (await store.store.readStream(`deadline-${doc.id}`)).map((e) => e.type);
    expect(types).toEqual(['DeadlineReminderSent']);
  });

  it("records reminders in the clocks' own stream: a person's If-Match revision stays where they left it", async () => {
    // Business time 20 s ago: the programme clock (due 9 s after the assignment, reminders 6 s and
    // 3 s before) is already due when it starts, so both reminders and the escalation run at once.
    realTime();
    api.clock.advanceDays(-20 / 86_400);
    const doc = new DocumentWalk(api);
    const programmeDraft = { ...additionalDecision, origin: 'programme', plannedMonth: '2026-06' };
    expect((await doc.assign(users.office, programmeDraft)).status).toBe(201);
    expect(doc.revision).toBe(0);
    const history = async () =>
      ((await api.request('GET', `/documents/${doc.id}/history`, { user: users.lead })).body.events as
        Json[] | undefined) ?? [];
    await until(async () => {
      const types = (await history()).map((e) => e.type);
      return (
        types.filter((t) => t === 'DeadlineReminderSent').length === 2 && types.includes('DeadlineMissed')
      );
    });

    // Nobody but the system acted: the document is still at revision 0, and If-Match: 0 holds.
    expect((await doc.get(users.drafter)).body.revision).toBe(0);
    const started = await doc.run('start-drafting', users.drafter);
    expect({ status: started.status, body: started.status === 200 ? {} : started.body }).toEqual({
      status: 200,
      body: {},
    });
    expect(started.body.revision).toBe(1);
    expect((await store.store.readStream(`draft-${doc.id}`)).map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
    ]);

    // History lists both streams in the order they happened; the clocks show what was sent.
    await until(async () => (await history()).some((e) => e.type === 'DraftingStarted'));
    const events = await history();
    // (The three jobs fell due together and ran in parallel: their own order is not fixed.)
    const types = events.map((e) => e.type);
    expect([types[0], [...types.slice(1, 4)].sort(), types[4], types.length]).toEqual([
      'DraftAssigned',
      ['DeadlineMissed', 'DeadlineReminderSent', 'DeadlineReminderSent'],
      'DraftingStarted',
      5,
    ]);
    expect(events.map((e) => e.stream)).toEqual(['draft', 'deadline', 'deadline', 'deadline', 'draft']);
    expect(events.map((e) => e.revision)).toEqual([0, 0, 1, 2, 1]);
    expect(events.filter((e) => e.type.startsWith('Deadline')).map((e) => e.actor.userId)).toEqual([
      'system',
      'system',
      'system',
    ]);
    const [clock] = await deadlines(doc);
    expect(clock).toMatchObject({ name: 'programme_submission', status: 'missed' });
    expect(clock.reminders.every((r: Json) => typeof r.sentAt === 'string')).toBe(true);
  });

  it('lets only an admin read and change the user directory', async () => {
    expect((await api.request('GET', '/admin/users/u-lead', { user: users.admin })).body).toMatchObject({
      displayName: 'Nguyễn Văn Lãnh Đạo',
      agency: 'so-khcn',
    });
    expect((await api.request('GET', '/admin/users/u-lead', { user: users.lead })).status).toBe(403);
    const body = { displayName: 'Người mới', agency: 'so-khcn', roles: ['drafter'], email: 'moi@example.vn' };
    expect((await api.request('PUT', '/admin/users/u-new', { user: users.admin, body })).status).toBe(200);
    expect((await api.request('GET', '/admin/users/u-new', { user: users.admin })).body.email).toBe(
      'moi@example.vn',
    );
  });
});
