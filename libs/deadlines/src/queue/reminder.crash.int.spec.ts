// "Worker killed right after it notifies → at most one DeadlineReminderSent" (RELIABILITY.md),
// against the real PostgreSQL and Redis. The kill is simulated by a notifier that tells everyone
// and then throws, so the processor dies between the notify step and the append; the job then
// runs again. Own schema and BullMQ prefix (never FLUSHALL: other test files share this Redis).
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { Worker } from 'bullmq';
import { event, type DraftEvent } from '#drafting';
import { createPgEventStore, eventId, type PostgresEventStore } from '#event-store';
import { inProcessLocks, migrate, ProjectionRunner } from '#projections';
import { DeadlineNotifier, Deliveries, Inbox, UserDirectory } from '#notifications';
import { reminderJobId } from '../deadline.jobs.js';
import { connectionOf, DEADLINE_QUEUE, DeadlineQueue } from './deadline.queue.js';
import { clockById } from './deadline.rows.js';
import { deadlinesProjection } from './deadlines.projection.js';
import {
  commandIdOfKey,
  ReminderProcessor,
  type DeadlineNotice,
  type Notifier,
} from './reminder.processor.js';
import { activeRuleBook, ruleBookFor, useRuleBook } from './rule-book.js';
import { appendAsCommand } from '#projections/testing';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `dlc_${randomBytes(5).toString('hex')}`;
const prefix = `test-dlc-${randomBytes(5).toString('hex')}`;

let store: PostgresEventStore;
let runner: ProjectionRunner;
let queue: DeadlineQueue;
let deliveries: Deliveries;
let directory: UserDirectory;
let inbox: Inbox;

async function until(check: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const append = (documentId: string, events: DraftEvent[]) => appendAsCommand(store, documentId, events);

/** A document of so-khcn sent for appraisal now; resolves once its clock is in the read model. */
async function sentForAppraisal(): Promise<{ documentId: string; clockId: string }> {
  const documentId = randomUUID();
  const assigned = event('DraftAssigned', {
    documentId,
    kind: 'committee_decision',
    title: 'Quy định <b>thử</b> về phí',
    agency: 'so-khcn',
    procedure: 'standard',
    origin: 'additional',
    year: 2026,
  } as never);
  await append(documentId, [
    assigned,
    event('DraftingStarted', {} as never),
    event('SentForAppraisal', {} as never),
    // Regime 2025 (assigned now): the appraisal clock counts from the dossier accepted complete.
    event('DossierAccepted', {} as never),
  ]);
  const clockId = `${documentId}.appraisal_report.1`;
  await until(async () => (await clockById(store.sql, clockId)) !== undefined);
  return { documentId, clockId };
}

/** Tells everyone, then dies before the processor can append DeadlineReminderSent. */
class KilledAfterNotify implements Notifier {
  told = 0;
  constructor(private readonly inner: Notifier) {}
  async notify(notice: DeadlineNotice): Promise<void> {
    await this.inner.notify(notice);
    this.told += 1;
    throw new Error('worker killed after notify');
  }
}

const notifier = () => new DeadlineNotifier(store.sql, directory, inbox, deliveries);
const processorWith = (n: Notifier) => new ReminderProcessor(store.sql, store, n, activeRuleBook());

const sentEvents = async (documentId: string) =>
  (await store.readStream(`deadline-${documentId}`)).filter((e) => e.type === 'DeadlineReminderSent');
const inboxRows = (clockId: string) =>
  store.sql.query<{ key: string; user_id: string }>(
    'SELECT key, user_id FROM notifications WHERE clock_id = $1 ORDER BY key, user_id',
    [clockId],
  );
/** The delivery jobs of one reminder key (no delivery worker runs: they stay queued). */
async function deliveryJobsOf(key: string, clockId: string): Promise<string[]> {
  const jobs = await deliveries.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const ids = (await inbox.list('u-app')).concat(await inbox.list('u-app2')).filter((n) => n.key === key);
  return jobs
    .filter(({ data }) =>
      'notificationId' in data ? ids.some((n) => n.id === data.notificationId) : data.clockId === clockId,
    )
    .map((j) => j.id!)
    .sort();
}

beforeAll(async () => {
  // Appraisal: due 2 s after sending, its reminder 0.5 s before (the test book × 0.1).
  useRuleBook(ruleBookFor('test', 0.1));
  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection]);
  for (const ddl of [...UserDirectory.ddl, ...Inbox.ddl]) await store.sql.query(ddl);
  directory = new UserDirectory(store.sql);
  inbox = new Inbox(store.sql);
  await directory.seed({
    users: [
      {
        id: 'u-app',
        displayName: 'Thẩm định viên',
        email: 'a@stp.example.vn',
        agency: 'so-tu-phap',
        roles: ['appraiser'],
      },
      { id: 'u-app2', displayName: 'Thẩm định viên 2', agency: 'so-tu-phap', roles: ['appraiser'] },
      {
        id: 'u-lead',
        displayName: 'Lãnh đạo Sở',
        email: 'l@khcn.example.vn',
        agency: 'so-khcn',
        roles: ['drafting_lead'],
      },
      {
        id: 'u-other',
        displayName: 'Sở khác',
        email: 'o@syt.example.vn',
        agency: 'so-y-te',
        roles: ['drafting_lead'],
      },
    ],
    webhooks: [{ agency: 'so-khcn', url: 'http://127.0.0.1:9/hook', secret: 'so-khcn-secret-0123456789' }],
  });
  queue = new DeadlineQueue({ url: REDIS_URL, prefix });
  // Deliveries are queued (ids only) but not worked off: the test counts the jobs.
  deliveries = new Deliveries(
    { url: REDIS_URL, prefix },
    {
      sql: store.sql,
      inbox,
      directory,
      mailer: { send: async () => undefined, close: () => undefined },
    },
  );
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
  await deliveries?.close();
  await queue?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await store?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('a worker killed right after it notifies', () => {
  it('leaves at most one DeadlineReminderSent and one inbox row per user when the job runs again', async () => {
    const { documentId, clockId } = await sentForAppraisal();
    const key = `${clockId}.reminder.1`;
    const killed = new KilledAfterNotify(notifier());
    const dying = processorWith(killed);
    // Run until due: early runs return the instant to retry at; the due one is killed after notify.
    await until(async () => {
      try {
        await dying.run('reminder', { clockId, n: 1 });
        return false;
      } catch (error) {
        expect((error as Error).message).toBe('worker killed after notify');
        return true;
      }
    });
    expect(killed.told).toBe(1);
    expect(await sentEvents(documentId)).toEqual([]); // died before the append
    expect(await inboxRows(clockId)).toEqual([
      { key, user_id: 'u-app' },
      { key, user_id: 'u-app2' },
    ]);

    // The job runs again (BullMQ's stalled-job check), twice at once for good measure.
    const p = processorWith(notifier());
    const again = await Promise.all([
      p.run('reminder', { clockId, n: 1 }),
      p.run('reminder', { clockId, n: 1 }),
    ]);
    expect(again.filter((o) => o === 'sent').length).toBeGreaterThanOrEqual(1);
    expect(await p.run('reminder', { clockId, n: 1 })).toBe('skipped');

    const sent = await sentEvents(documentId);
    expect(sent).toHaveLength(1);
    expect(sent[0].id).toBe(eventId(commandIdOfKey(key), 0));
    expect(await inboxRows(clockId)).toEqual([
      { key, user_id: 'u-app' },
      { key, user_id: 'u-app2' },
    ]);
    // One e-mail job for the one appraiser with an address, one webhook job for the agency.
    const [n] = (await inbox.list('u-app')).filter((x) => x.key === key);
    expect(await deliveryJobsOf(key, clockId)).toEqual([`email-${n.id}`, `webhook-${key}-so-khcn`].sort());
  });

  it('through BullMQ: the first attempt dies after notifying, the retry records the reminder once', async () => {
    const { documentId, clockId } = await sentForAppraisal();
    const key = `${clockId}.reminder.1`;
    const clock = (await clockById(store.sql, clockId))!;
    const reminder = clock.reminders.find((r) => r.n === 1)!;
    await queue.add([{ jobId: reminderJobId(clockId, 1), name: 'reminder', clockId, n: 1, at: reminder.at }]);
    const killed = new KilledAfterNotify(notifier());
    const dying = processorWith(killed);
    const healthy = processorWith(notifier());
    const worker = new Worker(
      DEADLINE_QUEUE,
      (job, token) => (job.attemptsMade === 0 ? dying : healthy).process(job as never, token),
      { connection: connectionOf(REDIS_URL), prefix, concurrency: 4 },
    );
    try {
      await until(
        async () => (await queue.queue.getJob(reminderJobId(clockId, 1)))?.finishedOn !== undefined,
      );
      const job = (await queue.queue.getJob(reminderJobId(clockId, 1)))!;
      expect(await job.getState()).toBe('completed');
      expect(job.returnvalue).toBe('sent');
      expect(job.attemptsMade).toBeGreaterThanOrEqual(2); // one killed attempt, then the retry
    } finally {
      await worker.close();
    }
    expect(killed.told).toBe(1);
    expect(await sentEvents(documentId)).toHaveLength(1);
    expect(await inboxRows(clockId)).toEqual([
      { key, user_id: 'u-app' },
      { key, user_id: 'u-app2' },
    ]);
    const [n] = (await inbox.list('u-app')).filter((x) => x.key === key);
    expect(await deliveryJobsOf(key, clockId)).toEqual([`email-${n.id}`, `webhook-${key}-so-khcn`].sort());
  });
  it('records one inbox row per (key, user) when runs of the same job tell at once', async () => {
    // Two runs that both passed the stream check notify together: each gets the one row's id.
    for (let i = 0; i < 20; i++) {
      const n = {
        key: `race-${i}.reminder.1`,
        userId: 'u-app',
        kind: 'reminder' as const,
        documentId: randomUUID(),
        clockId: `race-${i}`,
        clock: 'appraisal_report',
        dueAt: new Date().toISOString(),
        message: 'Nhắc hạn',
        createdAt: new Date().toISOString(),
      };
      const ids = await Promise.all(Array.from({ length: 8 }, () => inbox.record(n)));
      expect(new Set(ids).size).toBe(1);
    }
    const dup = await store.sql.query(
      'SELECT key FROM notifications GROUP BY key, user_id HAVING count(*) > 1',
    );
    expect(dup).toEqual([]);
  });
});
