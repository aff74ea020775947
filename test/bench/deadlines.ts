import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { event, type DraftEvent } from '#drafting';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { documentStatusProjection, inProcessLocks, migrate, ProjectionRunner } from '#projections';
import { evolveClocks, STATUTORY_RULES, VIETNAM_CALENDAR, type ClockInput } from '#deadlines';
import { DeadlineNotifier, Inbox, UserDirectory } from '#notifications';
import {
  activeRuleBook,
  connectionOf,
  DEADLINE_QUEUE,
  DeadlineQueue,
  DeadlineReconciler,
  deadlinesProjection,
  DeadlineScheduler,
  ReminderProcessor,
  ruleBookFor,
  useRuleBook,
  type DeadlineJobData,
  type DeadlineJobName,
} from '#deadlines/queue';
import * as deadlineQueue from '#deadlines/queue';
import { DATABASE_URL, machine, percentile, printTable, type Row } from './machine.js';
import { appendAsCommand } from '#projections/testing';

// The deadlines' figures (PERFORMANCE.md P6, P7, P8), each beside raw BullMQ measured in the same
// run on the same Redis. Called from run.ts; `node dist/test/bench/deadlines.js` runs it alone.
// Everything lives under a bench-only schema and QUEUE_PREFIX, both removed at the end (the
// prefix's keys by SCAN + UNLINK: the Redis is shared, never FLUSHALL). BENCH_REDIS_HZ sets Redis
// `hz` for the run and restores the previous value afterwards.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** P6: reminders fired through the real scheduler, BullMQ worker and processor. */
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 1000);
/** P6 again at PERFORMANCE.md's baseline size (200 jobs due in 1–3 s); 0 skips it. */
const LIGHT = Number(process.env.BENCH_REMINDERS_LIGHT ?? 200);
/** P7: clocks scheduled event → delayed jobs (two jobs each: a reminder and an escalation). */
const SCHEDULED = Number(process.env.BENCH_SCHEDULE_CLOCKS ?? 10_000);
/** P8: open clocks the reconciler puts back after the prefix is wiped. */
const CLOCKS = Number(process.env.BENCH_CLOCKS ?? 100_000);
// The worker's, as DeadlineRuntime runs it (the raw baseline runs with the same).
// An older build has no REMINDER_CONCURRENCY: it ran 16 (snapshot.sh measures old commits too).
const CONCURRENCY = Number(
  process.env.BENCH_REMINDER_CONCURRENCY ??
    (deadlineQueue as { REMINDER_CONCURRENCY?: number }).REMINDER_CONCURRENCY ??
    16,
);
/**
 * The clock a sending for appraisal starts: the dossier check since the regimes counted the
 * appraisal from the dossier's acceptance (856b3b5), the appraisal report in older builds
 * (snapshot.sh measures those too). Found by folding the two events with the statutory book.
 */
let clockName: string | undefined;
const CLOCK = () =>
  (clockName ??= (() => {
    const state = sentForAppraisalClocks('00000000-0000-4000-8000-000000000001', new Date().toISOString());
    const names = state.clocks.filter((c) => c.status === 'open').map((c) => c.name);
    return names.includes('dossier_check') ? 'dossier_check' : 'appraisal_report';
  })());
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const actor = { userId: 'bench', role: 'drafting_lead', agency: 'so-khcn' };

/** Polls `check` every 20 ms until it holds, for at most `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`deadlines bench: ${what} not reached in ${ms} ms`);
    await sleep(20);
  }
}

/** Runs `fn` over `items` with at most `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const assigned = (documentId: string): DraftEvent =>
  event('DraftAssigned', {
    documentId,
    kind: 'committee_decision',
    title: 'Quy định thử tải',
    agency: 'so-khcn',
    procedure: 'standard',
    origin: 'additional',
    year: 2026,
  } as never);
const sentForAppraisal = (): DraftEvent => event('SentForAppraisal', {} as never);

const append = (store: PostgresEventStore, documentId: string, events: DraftEvent[], at: Date) =>
  appendAsCommand(store, documentId, events, at, actor);

/** Deletes every key of the prefix, a SCAN page at a time. */
async function wipePrefix(redis: Redis, prefix: string): Promise<number> {
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

const usedMemory = async (redis: Redis) =>
  Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);

interface Lateness {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly count: number;
}
const latenessOf = (samples: number[]): Lateness => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  max: Math.max(...samples),
  count: samples.length,
});
const showLateness = (l: Lateness) => `p50 ${fmt(l.p50)} / p99 ${fmt(l.p99)} / max ${fmt(l.max)} ms`;

/** Due instants 1–3 s after `from`, evenly spread. */
const spreadDue = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + 1000 + Math.round((2000 * i) / Math.max(1, count - 1)));

export async function deadlinesBench(wanted?: ReadonlySet<string>): Promise<Row[]> {
  const want = (id: string) => !wanted || wanted.has(id);
  const schema = `bench_dl_${process.pid}`;
  const prefix = `bench-dl-${process.pid}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const previousHz = ((await redis.config('GET', 'hz')) as string[])[1];
  const wantedHz = process.env.BENCH_REDIS_HZ;
  const store = await createPgEventStore({ url: DATABASE_URL, schema, max: 12 });
  const queue = new DeadlineQueue({ url: REDIS_URL, prefix });
  const closers: (() => Promise<unknown>)[] = [];
  const previousBook = activeRuleBook();
  const rows: Row[] = [];
  try {
    if (wantedHz) await redis.config('SET', 'hz', wantedHz);
    const hz = ((await redis.config('GET', 'hz')) as string[])[1];
    step(`deadlines: schema ${schema}, QUEUE_PREFIX ${prefix}, Redis hz ${hz}`);
    // The status read model beside the deadlines, as in a deployment (the notifier reads titles).
    await migrate(store.sql, [deadlinesProjection, documentStatusProjection]);
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
    const runner = new ProjectionRunner({
      store,
      sql: store.sql,
      projection: deadlinesProjection,
      lock: inProcessLocks('deadlines'),
    });
    closers.push(() => runner.stop());
    const outboxEmpty = async () =>
      (await store.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM deadline_outbox'))[0].n === '0';

    // ---------------------------------------------------------------- P7: scheduling clocks
    const jobs7 = SCHEDULED * 2;
    let runnerStarted = false;
    // P8's addBulk rate comes from P7's baseline: measured whenever either is wanted.
    let raw: { perSecond: number; bytesPerJob: number } | undefined;
    if (want('P7') || want('P8')) {
      step(`P7 baseline: raw BullMQ addBulk of ${fmt(jobs7)} delayed jobs, batches of 1,000`);
      raw = await rawAddBulk(redis, prefix, jobs7);
      await wipePrefix(redis, prefix);
    }
    if (want('P7') && raw) {
      step(`P7: ${fmt(SCHEDULED)} clocks through projection + outbox + scheduler (${fmt(jobs7)} jobs)`);
      useRuleBook(STATUTORY_RULES);
      const docs7 = Array.from({ length: SCHEDULED }, () => randomUUID());
      const at7 = new Date();
      await inParallel(docs7, 16, (d) => append(store, d, [assigned(d), sentForAppraisal()], at7));
      await queue.queue.waitUntilReady();
      const before7 = await usedMemory(redis);
      const scheduler = new DeadlineScheduler(store.sql, queue, { pollMs: 100 });
      closers.push(() => scheduler.stop());
      const t7 = performance.now();
      runner.start();
      runnerStarted = true;
      scheduler.start();
      await until('P7 jobs in Redis', async () => (await queue.queue.getDelayedCount()) >= jobs7, 600_000);
      const seconds7 = (performance.now() - t7) / 1000;
      await scheduler.stop();
      const bytes7 = ((await usedMemory(redis)) - before7) / jobs7;
      if (!(await outboxEmpty())) throw new Error('P7: outbox not drained');
      const perSecond7 = jobs7 / seconds7;
      rows.push({
        id: 'P7',
        measure: `scheduling, event → delayed job (${fmt(jobs7)} jobs)`,
        figure: `${fmt(perSecond7)} jobs/s (${fmt(seconds7, 2)} s)`,
        baseline: `${fmt(raw.perSecond)} jobs/s (raw addBulk)`,
        ratio: `${(perSecond7 / raw.perSecond).toFixed(2)}×`,
        goal: '≥ 0.5×',
        met: perSecond7 >= 0.5 * raw.perSecond,
        value: perSecond7,
        unit: 'jobs/s',
        baselineValue: raw.perSecond,
      });
      rows.push({
        id: 'P7',
        measure: 'Redis per pending job (used_memory Δ)',
        figure: `${fmt(bytes7)} bytes`,
        baseline: `${fmt(raw.bytesPerJob)} bytes (raw addBulk)`,
        ratio: `${(bytes7 / raw.bytesPerJob).toFixed(2)}×`,
        goal: '≤ 1,024 bytes',
        met: bytes7 <= 1024,
        value: bytes7,
        unit: 'bytes',
        baselineValue: raw.bytesPerJob,
      });
      await wipePrefix(redis, prefix);
    }

    // ---------------------------------------------------------------- P6: reminder lateness
    // The clock SentForAppraisal starts in every regime: the dossier check (the appraisal report
    // counts from the dossier's acceptance since 2021). The test book: its reminder 15 s after the
    // start, escalation 20 s after (5 s later
    // than the last reminder, so escalations never overlap the measured window).
    const book = ruleBookFor('test', 1);
    useRuleBook(book);
    const notifier = new DeadlineNotifier(store.sql, directory, new Inbox(store.sql), undefined);
    const processor = new ReminderProcessor(store.sql, store, notifier, book);
    const reminderAfterStart = 15_000;

    const lateness = async (count: number) => {
      step(`P6 baseline: raw BullMQ, ${fmt(count)} delayed jobs due 1–3 s out, no-op worker`);
      const raw6 = await rawLateness(prefix, count);
      await wipePrefix(redis, prefix);
      step(`P6: ${fmt(count)} reminders through scheduler + BullMQ worker + ReminderProcessor`);
      const docs = Array.from({ length: count }, () => randomUUID());
      const clockIds = docs.map((d) => `${d}.${CLOCK()}.1`);
      await inParallel(docs, 16, (d) => append(store, d, [assigned(d)], new Date()));
      // The reminders fall due 1–3 s after `planned`, when the scheduler drains the outbox; the
      // lead leaves time to append and project the starting events first.
      const planned = Date.now() + 3000 + count * 3;
      const due = spreadDue(planned, count);
      await inParallel(
        docs.map((d, i) => ({ d, at: new Date(due[i] - reminderAfterStart) })),
        16,
        ({ d, at }) => append(store, d, [sentForAppraisal()], at),
      );
      const outboxFull = async () =>
        (
          await store.sql.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM deadline_outbox WHERE op = 'add' AND clock_id = ANY($1)`,
            [clockIds],
          )
        )[0].n === String(count * 2);
      await until('P6 clocks projected', outboxFull, 60_000);
      // What an earlier round left (removes after its escalations ran): its jobs are wiped already.
      await store.sql.query('DELETE FROM deadline_outbox WHERE NOT (clock_id = ANY($1))', [clockIds]);
      if (Date.now() > planned) step(`  warning: setup overran its lead by ${Date.now() - planned} ms`);
      const worker = new Worker<DeadlineJobData, unknown, DeadlineJobName>(
        DEADLINE_QUEUE,
        (job, token) => processor.process(job, token),
        { connection: connectionOf(REDIS_URL), prefix, concurrency: CONCURRENCY },
      );
      const scheduler6 = new DeadlineScheduler(store.sql, queue, { pollMs: 100 });
      try {
        await worker.waitUntilReady();
        await sleep(Math.max(0, planned - Date.now()));
        scheduler6.start();
        const sentAll = async () =>
          (
            await store.sql.query<{ n: string }>(
              `SELECT count(*)::text AS n FROM deadlines
                WHERE clock->'reminders'->0 ? 'sentAt' AND clock_id = ANY($1)`,
              [clockIds],
            )
          )[0].n === String(count);
        await until('P6 reminders sent', sentAll, 120_000);
      } finally {
        await scheduler6.stop();
        await worker.close();
      }
      // Fired: the sentAt the processor recorded (the database's time when the job ran).
      const fired = await store.sql.query<{ at: string; sent: string }>(
        `SELECT clock->'reminders'->0->>'at' AS at, clock->'reminders'->0->>'sentAt' AS sent
           FROM deadlines WHERE clock_id = ANY($1)`,
        [clockIds],
      );
      await wipePrefix(redis, prefix);
      const sent = fired.map((r) => Date.parse(r.sent));
      const rate = count / Math.max(0.001, (Math.max(...sent) - Math.min(...due)) / 1000);
      const late = latenessOf(fired.map((r, i) => sent[i] - Date.parse(r.at)));
      rows.push({
        id: 'P6',
        measure: `reminder lateness, ${fmt(count)} due in 2 s (hz ${hz})`,
        figure: `${showLateness(late)}; ${fmt(rate)}/s sustained`,
        baseline: `${showLateness(raw6)} (raw BullMQ)`,
        ratio: `${(late.p99 / raw6.p99).toFixed(2)}× (p99)`,
        goal: count === REMINDERS ? 'p99 ≤ 1.5× raw' : '— (PERFORMANCE.md baseline size)',
        met: count === REMINDERS ? late.p99 <= 1.5 * raw6.p99 : undefined,
        value: late.p99,
        unit: 'ms',
        baselineValue: raw6.p99,
      });
    };
    if (want('P6')) {
      if (!runnerStarted) runner.start();
      await lateness(REMINDERS);
      if (LIGHT > 0) await lateness(LIGHT);
    }
    await runner.stop();
    await wipePrefix(redis, prefix);
    if (!want('P8') || !raw) return rows;

    // ---------------------------------------------------------------- P8: reconcile after a wipe
    step(`P8: ${fmt(CLOCKS)} open clocks inserted in bulk`);
    await store.sql.query('TRUNCATE deadlines, deadline_documents, deadline_outbox');
    await insertOpenClocks(store, CLOCKS);
    await wipePrefix(redis, prefix);
    const reconciler = new DeadlineReconciler(store.sql, queue, { intervalMs: 3_600_000 });
    step(`P8: reconcile ${fmt(CLOCKS)} open clocks against an empty prefix`);
    const t8 = performance.now();
    const result = await reconciler.reconcile();
    const seconds8 = (performance.now() - t8) / 1000;
    const delayed = await queue.queue.getDelayedCount();
    if (result.recreated !== CLOCKS * 2 || delayed !== CLOCKS * 2)
      throw new Error(`P8: re-created ${result.recreated}, ${delayed} delayed; expected ${CLOCKS * 2}`);
    const t8b = performance.now();
    const again = await reconciler.reconcile();
    const secondsAgain = (performance.now() - t8b) / 1000;
    const rawSeconds = (CLOCKS * 2) / raw.perSecond;
    rows.push({
      id: 'P8',
      measure: `reconcile ${fmt(CLOCKS)} open clocks after a wipe`,
      figure: `${fmt(seconds8, 1)} s (${fmt(result.recreated)} jobs re-created)`,
      baseline: `${fmt(rawSeconds, 1)} s (same jobs at raw addBulk rate)`,
      ratio: `${(seconds8 / rawSeconds).toFixed(2)}×`,
      goal: '≤ 30 s',
      met: seconds8 <= 30,
      value: seconds8,
      unit: 's',
      baselineValue: rawSeconds,
    });
    rows.push({
      id: 'P8',
      measure: 'reconcile again, nothing missing',
      figure: `${fmt(secondsAgain, 1)} s (${fmt(again.recreated)} re-created)`,
      baseline: '—',
      ratio: '—',
      goal: '—',
    });
    return rows;
  } finally {
    useRuleBook(previousBook);
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await wipePrefix(redis, prefix).catch(() => undefined);
    if (wantedHz) await redis.config('SET', 'hz', previousHz).catch(() => undefined);
    redis.disconnect();
    await store.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await store.close();
  }
}

/** Baseline: raw BullMQ addBulk of delayed jobs, batches of 1,000; jobs/s and used_memory Δ. */
async function rawAddBulk(redis: Redis, prefix: string, count: number) {
  const queue = new Queue('baseline', { connection: connectionOf(REDIS_URL), prefix });
  try {
    await queue.waitUntilReady();
    const before = await usedMemory(redis);
    const t0 = performance.now();
    for (let i = 0; i < count; i += 1000) {
      const n = Math.min(1000, count - i);
      await queue.addBulk(
        Array.from({ length: n }, (_, k) => {
          const clockId = `${randomUUID()}.${CLOCK()}.1`;
          return {
            name: 'reminder',
            data: { clockId, n: 1 },
            opts: { jobId: `reminder-${clockId}-${i + k}`, delay: 86_400_000 },
          };
        }),
      );
    }
    const seconds = (performance.now() - t0) / 1000;
    const bytesPerJob = ((await usedMemory(redis)) - before) / count;
    return { perSecond: count / seconds, bytesPerJob };
  } finally {
    await queue.close();
  }
}

/** Baseline: raw BullMQ delayed jobs due 1–3 s out, a no-op worker; lateness = processed − due. */
async function rawLateness(prefix: string, count: number): Promise<Lateness> {
  const name = 'baseline-lateness';
  const queue = new Queue(name, { connection: connectionOf(REDIS_URL), prefix });
  const samples: number[] = [];
  const worker = new Worker(
    name,
    async (job) => {
      samples.push(Date.now() - (job.data as { due: number }).due);
    },
    { connection: connectionOf(REDIS_URL), prefix, concurrency: CONCURRENCY },
  );
  try {
    await worker.waitUntilReady();
    const now = Date.now();
    const due = spreadDue(now, count);
    for (let i = 0; i < count; i += 1000) {
      await queue.addBulk(
        due.slice(i, i + 1000).map((d, k) => ({
          name: 'reminder',
          data: { due: d },
          opts: { jobId: `late-${i + k}`, delay: d - now },
        })),
      );
    }
    await until('baseline jobs processed', async () => samples.length >= count, 60_000);
    return latenessOf(samples);
  } finally {
    await worker.close();
    await queue.close();
  }
}

/** A document's clocks once it is assigned and sent for appraisal at `at`, by the statutory book. */
function sentForAppraisalClocks(documentId: string, at: string) {
  const input = (type: string, data: unknown, revision: number) =>
    ({ type, data, occurredAt: at, documentId, revision }) as ClockInput;
  const assignedState = evolveClocks(
    undefined,
    input('DraftAssigned', assigned(documentId).data, 0),
    STATUTORY_RULES,
    VIETNAM_CALENDAR,
  ).state;
  return evolveClocks(assignedState, input('SentForAppraisal', {}, 1), STATUTORY_RULES, VIETNAM_CALENDAR)
    .state;
}

/**
 * P8's setup: `count` open appraisal clocks of the statutory book, as the projection would have
 * written them (both tables), inserted with one INSERT … SELECT each from a template clock.
 */
async function insertOpenClocks(store: PostgresEventStore, count: number): Promise<void> {
  const templateId = '00000000-0000-4000-8000-000000000000';
  const startedAt = new Date().toISOString();
  const state = sentForAppraisalClocks(templateId, startedAt);
  const [clock] = state.clocks;
  if (clock?.status !== 'open' || !clock.escalation || clock.reminders.length !== 1)
    throw new Error('P8: the template clock is not an open clock with one reminder and an escalation');
  const { clocks: _, ...documentState } = state;
  await store.sql.query(
    `WITH ids AS (
       SELECT md5('bench-dl-' || i)::uuid AS document_id FROM generate_series(1, $1::integer) AS i
     )
     INSERT INTO deadlines (clock_id, document_id, agency, name, status, due_at, clock)
     SELECT document_id::text || '.' || $5::text || '.1', document_id, $2, $5::text, 'open',
            $3::timestamptz,
            $4::jsonb || jsonb_build_object('clockId', document_id::text || '.' || $5::text || '.1',
                                            'documentId', document_id::text)
       FROM ids`,
    [count, clock.agency, clock.dueAt, JSON.stringify(clock), clock.name],
  );
  await store.sql.query(
    `INSERT INTO deadline_documents (document_id, state)
     SELECT d.document_id, $1::jsonb || jsonb_build_object('documentId', d.document_id::text,
                                                          'clocks', jsonb_build_array(d.clock))
       FROM deadlines d`,
    [JSON.stringify(documentState)],
  );
  await store.sql.query('ANALYZE deadlines');
}

// Alone: `node dist/test/bench/deadlines.js` (after `npm run build`).
// `node dist/test/bench/deadlines.js P6` runs only the measures named.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv.slice(2).map((a) => a.toUpperCase());
  deadlinesBench(only.length > 0 ? new Set(only) : undefined)
    .then((rows) => {
      console.log(machine());
      console.log(
        `data: ${fmt(REMINDERS)} reminders (P6), ${fmt(SCHEDULED)} clocks scheduled (P7), ${fmt(CLOCKS)} clocks reconciled (P8)`,
      );
      printTable(rows);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
