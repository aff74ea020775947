// Deliveries (e-mail, webhooks) are durable: PostgreSQL records each one, Redis only schedules.
// Against the real PostgreSQL and Redis, a real SMTP server (smtp-server) and a real HTTP
// receiver whose answers each test sets. Own schema and BullMQ prefix (the Redis is shared).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { migrate } from '#projections';
import type { Clock, ClockName } from '#deadlines';
import { deadlinesProjection, type DeadlineNotice } from '#deadlines/queue';
import { DeadlineNotifier } from './deadline.notifier.js';
import { Deliveries } from './deliveries.js';
import { UserDirectory } from './directory.js';
import { smtpMailer } from './email.js';
import { Inbox } from './inbox.js';
import { deleteKeysWithPrefix, dropSchemas } from '../../../test/support/cleanup.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `dlv_${randomBytes(5).toString('hex')}`;
const prefix = `test-dlv-${randomBytes(5).toString('hex')}`;
const ADDRESS = 'thamdinh@stp.example.vn';

let store: PostgresEventStore;
let smtp: SMTPServer;
let receiver: Server;
let deliveries: Deliveries;
let notifier: DeadlineNotifier;

/** What the peers do, set by each test: an SMTP reply code for RCPT (undefined: accept), an HTTP status. */
let smtpAnswer: (attempt: number) => number | undefined = () => undefined;
let hookAnswer: (attempt: number) => number = () => 204;
let rcptAttempts = 0;
let mails = 0;
let hookAttempts = 0;
let hooksOk = 0;

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A clock of the deadlines read model (the webhook names it), and the notice of its reminder. */
async function noticeOfNewClock(): Promise<DeadlineNotice> {
  const documentId = randomUUID();
  const clockId = `${documentId}.appraisal_report.1`;
  const dueAt = new Date(Date.now() + 86_400_000).toISOString();
  const clock: Clock = {
    clockId,
    documentId,
    agency: 'so-khcn',
    name: 'appraisal_report' as ClockName,
    n: 1,
    kind: 'deadline',
    regime: 'law-2015' as Clock['regime'],
    startedAt: new Date().toISOString(),
    dueDate: dueAt.slice(0, 10),
    dueAt,
    status: 'open',
    reminders: [{ n: 1, at: new Date().toISOString(), roles: ['appraiser'] }],
  };
  await store.sql.query(
    `INSERT INTO deadlines (clock_id, document_id, agency, name, status, due_at, clock)
     VALUES ($1, $2::uuid, $3, $4, 'open', $5::timestamptz, $6::jsonb)`,
    [clockId, documentId, clock.agency, clock.name, dueAt, JSON.stringify(clock)],
  );
  return {
    key: `${clockId}.reminder.1`,
    kind: 'reminder',
    clock,
    roles: ['appraiser'],
    sentAt: new Date().toISOString(),
  };
}

const jobIdsOf = async (notice: DeadlineNotice) => {
  const [n] = (await new Inbox(store.sql).list('u-app')).filter((x) => x.key === notice.key);
  return [`email-${n.id}`, `webhook-${notice.key}-so-khcn`];
};
const statesOf = async (notice: DeadlineNotice) =>
  Promise.all((await jobIdsOf(notice)).map((id) => deliveries.queue.getJobState(id)));
/** The delivery records of a notice: channel, status, attempts, last error. */
const recordsOf = async (notice: DeadlineNotice) =>
  (await deliveries.records.ofKey(notice.key)).map((r) => ({
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    sent: r.sentAt !== null,
    lastError: r.lastError,
  }));
const idle = async () => {
  const c = await deliveries.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(c).every((n) => n === 0);
};

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disabledCommands: ['AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      rcptAttempts += 1;
      const code = smtpAnswer(rcptAttempts);
      if (code === undefined) return callback();
      callback(Object.assign(new Error(`rejected with ${code}`), { responseCode: code }));
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mails += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  receiver = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      hookAttempts += 1;
      const status = hookAnswer(hookAttempts);
      if (status < 300) hooksOk += 1;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection]);
  for (const ddl of [...UserDirectory.ddl, ...Inbox.ddl]) await store.sql.query(ddl);
  const directory = new UserDirectory(store.sql);
  await directory.seed({
    users: [
      {
        id: 'u-app',
        displayName: 'Thẩm định viên',
        email: ADDRESS,
        agency: 'so-tu-phap',
        roles: ['appraiser'],
      },
    ],
    webhooks: [
      {
        agency: 'so-khcn',
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        secret: 'so-khcn-secret-0123456789',
      },
    ],
  });
  const inbox = new Inbox(store.sql);
  const mailer = smtpMailer(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, 'x@y.vn');
  // Retries 20 ms apart (6 attempts in well under a second); the reconciler looks every 200 ms.
  deliveries = new Deliveries(
    { url: REDIS_URL, prefix },
    { sql: store.sql, inbox, directory, mailer },
    { retryDelayMs: 20, reconcileMs: 200 },
  );
  deliveries.startWorker();
  notifier = new DeadlineNotifier(store.sql, directory, inbox, deliveries);
});

beforeEach(() => {
  rcptAttempts = mails = hookAttempts = hooksOk = 0;
});

afterAll(async () => {
  await deliveries?.close();
  await store?.close();
  await new Promise((resolve) => (smtp ? smtp.close(() => resolve(undefined)) : resolve(undefined)));
  await new Promise((resolve) => (receiver ? receiver.close(() => resolve(undefined)) : resolve(undefined)));
  await dropSchemas(schema);
  await deleteKeysWithPrefix(prefix);
});

describe('deliveries', () => {
  it('(a) survive a peer that fails longer than the attempts: delivered once when it recovers', async () => {
    // Eight failures each: more than a job's six attempts.
    smtpAnswer = (n) => (n <= 8 ? 451 : undefined);
    hookAnswer = (n) => (n <= 8 ? 503 : 204);
    const notice = await noticeOfNewClock();
    await notifier.notify(notice);
    await until('the e-mail and the webhook delivered', () => mails >= 1 && hooksOk >= 1);
    await until('nothing left to run', idle);
    expect({ mails, hooksOk, rcptAttempts, hookAttempts }).toEqual({
      mails: 1,
      hooksOk: 1,
      rcptAttempts: 9,
      hookAttempts: 9,
    });
    expect(await recordsOf(notice)).toEqual([
      { channel: 'email', status: 'sent', attempts: 9, sent: true, lastError: null },
      { channel: 'webhook', status: 'sent', attempts: 9, sent: true, lastError: null },
    ]);
    // Another pass finds nothing owed.
    expect(await deliveries.reconciler.reconcile()).toEqual({ pending: 0, rescheduled: 0 });
  });

  it('(b) a reminder run again after the completed jobs left Redis sends nothing twice', async () => {
    smtpAnswer = () => undefined;
    hookAnswer = () => 204;
    const notice = await noticeOfNewClock();
    await notifier.notify(notice);
    await until('delivered', async () => (await statesOf(notice)).every((s) => s === 'completed'));
    expect({ mails, hooksOk }).toEqual({ mails: 1, hooksOk: 1 });

    // A day later the completed jobs are gone (removeOnComplete); the reminder runs again.
    await deliveries.queue.clean(0, 1000, 'completed');
    await notifier.notify(notice);
    await until('nothing left to run', idle);
    expect({ mails, hooksOk, rcptAttempts, hookAttempts }).toEqual({
      mails: 1,
      hooksOk: 1,
      rcptAttempts: 1,
      hookAttempts: 1,
    });
    expect((await recordsOf(notice)).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    // A stray copy of the job (any id) re-checks the record first and sends nothing.
    const [emailJob] = await jobIdsOf(notice);
    const stray = await deliveries.queue.add('email', { notificationId: emailJob.slice('email-'.length) });
    await until('the stray job ran', async () => (await stray.getState()) === 'completed');
    expect((await deliveries.queue.getJob(stray.id!))?.returnvalue).toBe('skipped');
    expect({ mails, rcptAttempts }).toEqual({ mails: 1, rcptAttempts: 1 });
  });

  it('(c) a webhook answering 410 and an address rejected for good are not retried', async () => {
    smtpAnswer = () => 550;
    hookAnswer = () => 410;
    const notice = await noticeOfNewClock();
    await notifier.notify(notice);
    await until('both failed', async () => (await statesOf(notice)).every((s) => s === 'failed'));
    await until('nothing left to run', idle);
    expect({ mails, hooksOk, rcptAttempts, hookAttempts }).toEqual({
      mails: 0,
      hooksOk: 0,
      rcptAttempts: 1,
      hookAttempts: 1,
    });
    const records = await recordsOf(notice);
    expect(records.map((r) => [r.channel, r.status, r.attempts, r.sent])).toEqual([
      ['email', 'failed_permanently', 1, false],
      ['webhook', 'failed_permanently', 1, false],
    ]);
    expect(records[0].lastError).toContain('550');
    expect(records[1].lastError).toContain('410');
    // Nothing reschedules them.
    expect(await deliveries.reconciler.reconcile()).toEqual({ pending: 0, rescheduled: 0 });
    expect(await statesOf(notice)).toEqual(['failed', 'failed']);
  });

  // Last: it wipes this file's Redis keys under the running worker.
  it('survive the loss of every Redis key: the pending deliveries are scheduled again', async () => {
    smtpAnswer = () => 451;
    hookAnswer = () => 503;
    const notice = await noticeOfNewClock();
    await notifier.notify(notice);
    await until('tried', () => rcptAttempts >= 1 && hookAttempts >= 1);
    await deleteKeysWithPrefix(prefix); // as a FLUSHALL would, for this test's keys only
    smtpAnswer = () => undefined;
    hookAnswer = () => 204;
    await until('delivered after all', () => mails >= 1 && hooksOk >= 1);
    await until('nothing left to run', idle);
    expect({ mails, hooksOk }).toEqual({ mails: 1, hooksOk: 1 });
    expect((await recordsOf(notice)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
