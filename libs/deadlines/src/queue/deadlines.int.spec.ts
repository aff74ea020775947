// The scheduler, processor and reconciler against the real Redis and PostgreSQL. Each file has
// its own schema and its own BullMQ prefix (never FLUSHALL: other test files share this Redis).
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { event, type DraftEvent } from '#drafting';
import { createPgEventStore, eventId, type PostgresEventStore, type RecordedEvent } from '#event-store';
import { migrate, ProjectionRunner, inProcessLocks } from '#projections';
import { DeadlineNotifier, Inbox, UserDirectory } from '#notifications';
import { escalationJobId, reminderJobId } from '../deadline.jobs.js';
import { DeadlineQueue } from './deadline.queue.js';
import { DeadlineReconciler } from './deadline.reconciler.js';
import { DeadlineScheduler } from './deadline.scheduler.js';
import { deadlinesProjection } from './deadlines.projection.js';
import { clockById } from './deadline.rows.js';
import { ReminderProcessor, commandIdOfKey } from './reminder.processor.js';
import { activeRuleBook, ruleBookFor, useRuleBook } from './rule-book.js';
import { UnrecoverableError, Worker } from 'bullmq';
import { connectionOf, DEADLINE_QUEUE } from './deadline.queue.js';
import { appendAsCommand } from '#projections/testing';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `dl_${randomBytes(5).toString('hex')}`;
const prefix = `test-dl-${randomBytes(5).toString('hex')}`;

let store: PostgresEventStore;
let queue: DeadlineQueue;
let redis: Redis;
let runner: ProjectionRunner;

/** Polls `check` every 25 ms until it holds, for at most `ms`. */
async function until(check: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const append = (documentId: string, events: DraftEvent[], at = new Date()) =>
  appendAsCommand(store, documentId, events, at);

/** A document sent for appraisal now: its appraisal clock starts (test book, scaled). */
async function sentForAppraisal(): Promise<string> {
  const id = randomUUID();
  const assigned = event('DraftAssigned', {
    documentId: id,
    kind: 'committee_decision',
    title: 'Quy định <b>thử</b>',
    agency: 'so-khcn',
    procedure: 'standard',
    origin: 'additional',
    year: 2026,
  } as never);
  // Regime 2025 (assigned now): the appraisal clock counts from the dossier accepted complete.
  const accepted = event('DossierAccepted', {} as never);
  await append(id, [
    assigned,
    event('DraftingStarted', {} as never),
    event('SentForAppraisal', {} as never),
    accepted,
  ]);
  return id;
}

const clockIdOf = (documentId: string) => `${documentId}.appraisal_report.1`;
/** What the worker recorded for a document (its deadline stream; the draft's stays people's). */
const typesOf = async (documentId: string) =>
  (await store.readStream(`deadline-${documentId}`)).map((e) => e.type);
const caughtUp = async () =>
  (await store.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM deadline_outbox'))[0].n === '0';

beforeAll(async () => {
  // Appraisal: due 2 s after sending, its reminder 0.5 s before (the test book × 0.1).
  useRuleBook(ruleBookFor('test', 0.1));
  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection]);
  for (const ddl of [...UserDirectory.ddl, ...Inbox.ddl]) await store.sql.query(ddl);
  const directory = new UserDirectory(store.sql);
  await directory.put({
    id: 'u-app',
    displayName: 'Thẩm định viên',
    agency: 'so-tu-phap',
    roles: ['appraiser'],
  });
  await directory.put({
    id: 'u-lead',
    displayName: 'Lãnh đạo Sở',
    agency: 'so-khcn',
    roles: ['drafting_lead'],
  });
  await directory.put({ id: 'u-other', displayName: 'Sở khác', agency: 'so-y-te', roles: ['drafting_lead'] });
  queue = new DeadlineQueue({ url: REDIS_URL, prefix });
  redis = new Redis(REDIS_URL);
  runner = new ProjectionRunner({
    store,
    sql: store.sql,
    projection: deadlinesProjection,
    lock: inProcessLocks('deadlines'),
    idleMs: 10,
  });
  runner.start();
});

afterAll(async () => {
  await runner?.stop();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  await store?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

function processor(): ReminderProcessor {
  const directory = new UserDirectory(store.sql);
  const notifier = new DeadlineNotifier(store.sql, directory, new Inbox(store.sql), undefined);
  return new ReminderProcessor(store.sql, store, notifier, activeRuleBook());
}

describe('deadline scheduling on Redis', () => {
  it('turns an opened clock into delayed jobs with ids only, and removes them when it stops', async () => {
    const scheduler = new DeadlineScheduler(store.sql, queue);
    const id = await sentForAppraisal();
    await until(async () => (await clockById(store.sql, clockIdOf(id))) !== undefined);
    await scheduler.drain();
    const reminder = await queue.queue.getJob(reminderJobId(clockIdOf(id), 1));
    expect(reminder?.data).toEqual({ clockId: clockIdOf(id), n: 1 });
    expect(await reminder?.getState()).toBe('delayed');
    expect(await queue.queue.getJob(escalationJobId(clockIdOf(id)))).toBeDefined();

    const fit = { outcome: 'fit', reportNumber: '1/BC-STP', reportDate: '2026-01-05' };
    await append(id, [event('AppraisalRecorded', fit as never)]);
    await until(async () => (await clockById(store.sql, clockIdOf(id)))?.status === 'met');
    await scheduler.drain();
    expect(await queue.queue.getJob(reminderJobId(clockIdOf(id), 1))).toBeUndefined();
    expect(await queue.queue.getJob(escalationJobId(clockIdOf(id)))).toBeUndefined();
    expect(await caughtUp()).toBe(true);
  });

  it('never runs a reminder early, and records a reminder run twice once', async () => {
    const id = await sentForAppraisal();
    await until(async () => (await clockById(store.sql, clockIdOf(id))) !== undefined);
    const p = processor();
    expect(typeof (await p.run('reminder', { clockId: clockIdOf(id), n: 1 }))).toBe('number'); // early
    expect(await typesOf(id)).not.toContain('DeadlineReminderSent');
    await until(async () => (await p.run('reminder', { clockId: clockIdOf(id), n: 1 })) === 'sent');
    // Twice more, at once: the read model may lag, the stream decides.
    const again = await Promise.all([1, 2].map(() => p.run('reminder', { clockId: clockIdOf(id), n: 1 })));
    expect(again).toEqual(['skipped', 'skipped']);
    const sent = (await typesOf(id)).filter((t) => t === 'DeadlineReminderSent');
    expect(sent).toHaveLength(1);
    const [recorded] = (await store.readStream(`deadline-${id}`)).filter(
      (e) => e.type === 'DeadlineReminderSent',
    );
    expect(recorded.id).toBe(eventId(commandIdOfKey(`${clockIdOf(id)}.reminder.1`), 0));
    const inbox = await store.sql.query<{ user_id: string }>(
      'SELECT user_id FROM notifications WHERE clock_id = $1 ORDER BY user_id',
      [clockIdOf(id)],
    );
    expect(inbox.map((r) => r.user_id)).toEqual(['u-app']); // the appraiser, not other agencies' leads
  });

  it('never lets an escalation overtake its clock’s due reminder (both due after an outage)', async () => {
    const id = await sentForAppraisal();
    await until(async () => (await clockById(store.sql, clockIdOf(id))) !== undefined);
    const p = processor();
    // Both fall due while nothing ran; the escalation job happens to run first.
    await until(async () => (await p.run('escalation', { clockId: clockIdOf(id) })) === 'sent');
    expect(await typesOf(id)).toEqual(['DeadlineReminderSent', 'DeadlineMissed']);
    // The reminder's own job, when it runs after, records nothing again.
    expect(await p.run('reminder', { clockId: clockIdOf(id), n: 1 })).toBe('skipped');
    expect(await typesOf(id)).toEqual(['DeadlineReminderSent', 'DeadlineMissed']);
    const keys = await store.sql.query<{ key: string }>(
      'SELECT DISTINCT key FROM notifications WHERE clock_id = $1 ORDER BY key',
      [clockIdOf(id)],
    );
    expect(keys.map((k) => k.key)).toEqual([`${clockIdOf(id)}.escalation`, `${clockIdOf(id)}.reminder.1`]);
  });

  it('re-creates every pending job after the prefix is wiped; two workers fire each once', async () => {
    const scheduler = new DeadlineScheduler(store.sql, queue);
    const ids = await Promise.all(Array.from({ length: 10 }, () => sentForAppraisal()));
    await until(async () =>
      (await Promise.all(ids.map((id) => clockById(store.sql, clockIdOf(id))))).every(Boolean),
    );
    await scheduler.drain();
    // Redis loses everything of this prefix (FLUSHALL would also hit the other test files).
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    const reconciler = new DeadlineReconciler(store.sql, queue, { intervalMs: 60_000 });
    const result = await reconciler.reconcile();
    // A reminder and an escalation per clock (and those of earlier tests' clocks still open).
    expect(result.recreated).toBeGreaterThanOrEqual(20);
    const wanted = ids.flatMap((id) => [reminderJobId(clockIdOf(id), 1), escalationJobId(clockIdOf(id))]);
    expect(await queue.missing(wanted)).toEqual([]);
    expect((await reconciler.reconcile()).recreated).toBe(0);

    const p = processor();
    const workers = [1, 2].map(
      () =>
        new Worker(DEADLINE_QUEUE, (job, token) => p.process(job as never, token), {
          connection: connectionOf(REDIS_URL),
          prefix,
          concurrency: 8,
        }),
    );
    try {
      const done = async () => {
        const streams = await Promise.all(ids.map(typesOf));
        return streams.every((t) => t.includes('DeadlineMissed'));
      };
      await until(done, 10_000);
      for (const id of ids) {
        const types = await typesOf(id);
        expect(types.filter((t) => t === 'DeadlineReminderSent')).toHaveLength(1);
        expect(types.filter((t) => t === 'DeadlineMissed')).toHaveLength(1);
      }
      const perKey = await store.sql.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM notifications GROUP BY key, user_id HAVING count(*) > 1',
      );
      expect(perKey).toEqual([]);
      // Escalation: the appraiser and the drafting agency's lead.
      const told = await store.sql.query<{ user_id: string }>(
        `SELECT user_id FROM notifications WHERE clock_id = $1 AND kind = 'escalation' ORDER BY user_id`,
        [clockIdOf(ids[0])],
      );
      expect(told.map((r) => r.user_id)).toEqual(['u-app', 'u-lead']);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('replaces a job whose attempts ran out (failed) or that sits in no state, and then it runs', async () => {
    const scheduler = new DeadlineScheduler(store.sql, queue);
    const id = await sentForAppraisal();
    await until(async () => (await clockById(store.sql, clockIdOf(id))) !== undefined);
    await scheduler.drain();
    const reminderId = reminderJobId(clockIdOf(id), 1);
    const escalationId = escalationJobId(clockIdOf(id));

    // The reminder fails for good (as when its 8 attempts run out in a database outage); the
    // escalation's job loses its place in the delayed set, its hash left behind ('unknown').
    const p = processor();
    const failing = new Worker(
      DEADLINE_QUEUE,
      async (job, token) => {
        if (job.id === reminderId) throw new UnrecoverableError('attempts ran out');
        return p.process(job as never, token);
      },
      { connection: connectionOf(REDIS_URL), prefix, concurrency: 4 },
    );
    try {
      await (await queue.queue.getJob(reminderId))!.promote();
      await until(async () => (await queue.queue.getJobState(reminderId)) === 'failed');
    } finally {
      await failing.close();
    }
    await redis.zrem(`${prefix}:${DEADLINE_QUEUE}:delayed`, escalationId);
    expect(await queue.queue.getJobState(escalationId)).toBe('unknown');

    const reconciler = new DeadlineReconciler(store.sql, queue, { intervalMs: 60_000 });
    expect((await reconciler.reconcile()).recreated).toBeGreaterThanOrEqual(2);
    expect(await queue.queue.getJobState(reminderId)).toMatch(/^(waiting|delayed)$/);
    expect(await queue.queue.getJobState(escalationId)).toMatch(/^(waiting|delayed)$/);
    expect(await queue.missing([reminderId, escalationId])).toEqual([]);

    const worker = new Worker(DEADLINE_QUEUE, (job, token) => p.process(job as never, token), {
      connection: connectionOf(REDIS_URL),
      prefix,
      concurrency: 4,
    });
    try {
      await until(async () => (await typesOf(id)).includes('DeadlineMissed'), 10_000);
      expect(await typesOf(id)).toEqual(['DeadlineReminderSent', 'DeadlineMissed']);
    } finally {
      await worker.close();
    }
  });
});

export type { RecordedEvent };
