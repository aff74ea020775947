// Issue "Run it for real", item 2: the server-mode topology on one machine. Two api processes
// (RUN_PROJECTIONS=false, RUN_DEADLINES=false) and two worker processes share one PostgreSQL
// schema and one Redis prefix, all of this file's own. Concurrent clients drive commands through
// both apis, logging each as ok / failed / unknown (RELIABILITY.md, Jepsen style); the worker
// holding the projections' advisory locks is killed with SIGKILL mid-load; the load goes on.
// Then a checker compares the log with the store and the read models, and the deadline side
// with "no reminder twice". The processes run as `npm run build` builds them.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPgEventStore, comparePositions, parsePosition, type PostgresEventStore } from '#event-store';
import { PROJECTIONS } from '#projections';
import { signToken } from '../../apps/api/src/auth/token.service.js';
import { DATABASE_URL } from '../support/stores.js';
import { users } from '../support/users.js';
import { startLoad, type CommandRecord } from './support/command-load.js';
import {
  API_MAIN,
  freePort,
  Processes,
  sleep,
  until,
  waitForApi,
  WORKER_MAIN,
  type NodeProcess,
} from './support/processes.js';
import { deleteKeysWithPrefix, dropSchemas } from '../support/cleanup.js';

const tag = randomBytes(5).toString('hex');
const schema = `four_${tag}`;
const prefix = `test-four-${tag}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT = {
  secret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
};
const directoryFile = fileURLToPath(new URL('../../apps/api/user-directory.sample.json', import.meta.url));

// Load shape: ~7 s before the kill, ~7 s after. The test rule book at scale 0.5: a simplified
// appraisal clock is due 5 s after sending, its reminder (to the appraisers) 2.5 s after sending.
const LOAD_BEFORE_KILL_MS = 7000;
const LOAD_AFTER_KILL_MS = 7000;
const SCALE = '0.5';
const PROJECTION_NAMES = PROJECTIONS.map((p) => p.name);

/** The store URL for one process: the schema, and an application_name to find it in pg_stat_activity. */
const storeUrl = (app: string) => {
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  url.searchParams.set('application_name', app);
  return url.toString();
};
const appName = (role: string) => `dl4-${tag}-${role}`;

const common = {
  NODE_ENV: 'test',
  JWT_SECRET: JWT.secret,
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  DEADLINE_RULES: 'test',
  DEADLINE_TEST_SCALE: SCALE,
  DATA_DIR: '/nonexistent-draftline-test',
  LOG_LEVEL: 'warn',
  NO_COLOR: '1',
};

const procs = new Processes();
let store: PostgresEventStore;
/** Stops whatever the test left running (the load, the lock sampler) even when it failed. */
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // dist/ is built once for the whole run by Jest's global setup (test/support/build-dist.js).
  // The store's tables exist before four processes start (none of them races to create them).
  store = await createPgEventStore({ url: DATABASE_URL, schema });
});

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await dropSchemas(schema);
  await deleteKeysWithPrefix(prefix);
});

function startWorker(role: string): NodeProcess {
  return procs.start(role, WORKER_MAIN, {
    ...common,
    LOG_LEVEL: 'info', // the start line waited for below is an info line
    EVENT_STORE_URL: storeUrl(appName(role)),
    USER_DIRECTORY_FILE: directoryFile,
  });
}

async function startApiProcess(role: string): Promise<{ name: string; url: string; proc: NodeProcess }> {
  const port = await freePort();
  const proc = procs.start(role, API_MAIN, {
    ...common,
    EVENT_STORE_URL: storeUrl(appName(role)),
    HOST: '127.0.0.1',
    PORT: String(port),
    RUN_PROJECTIONS: 'false',
    RUN_DEADLINES: 'false',
    // The clients are three users: the per-user limit would only measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
    READ_CONSISTENCY_TIMEOUT_MS: '20000',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForApi(proc, url);
  return { name: role, url, proc };
}

/** Which application holds how many of the projections' advisory locks (see projection-lock.ts). */
async function lockHolders(): Promise<Map<string, number>> {
  const rows = await store.sql.query<{ app: string; n: number }>(
    `SELECT a.application_name AS app, count(*)::int AS n
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) IN (
          SELECT hashtext('draftline-projection:' || $1 || ':' || name)::bigint
            FROM unnest($2::text[]) AS name)
      GROUP BY a.application_name`,
    [schema, PROJECTION_NAMES],
  );
  return new Map(rows.map((r) => [r.app, r.n]));
}

/** The one application holding every projection lock, if there is one. */
async function soleHolder(): Promise<string | undefined> {
  const holders = await lockHolders();
  const [entry] = [...holders];
  return holders.size === 1 && entry[1] === PROJECTION_NAMES.length ? entry[0] : undefined;
}

/** Lines of a worker's output that show two runners applying the same projection at once. */
const SPLIT_BRAIN = /moved by another runner|one event at a time/;
const splitBrainLines = (proc: NodeProcess) =>
  proc
    .output()
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '') // colours, if any
    .split('\n')
    .filter((l) => SPLIT_BRAIN.test(l));

const maxPosition = (records: readonly CommandRecord[]): string =>
  records
    .map((r) => r.position!)
    .reduce((a, b) => (comparePositions(parsePosition(a)!, parsePosition(b)!) >= 0 ? a : b));

it('two apis and two workers: kill -9 of the active worker loses nothing and repeats nothing', async () => {
  const started = Date.now();
  const timings: Record<string, number> = {};
  // The checker's findings, every invariant at once (so one run says everything that broke).
  const violations: string[] = [];
  const none = (what: string, items: readonly unknown[]) => {
    if (items.length > 0)
      violations.push(
        `${what}: ${items.length}, e.g. ${items
          .slice(0, 3)
          .map((i) => JSON.stringify(i))
          .join(' | ')}`,
      );
  };

  // Worker A first, so it takes every projection lock; then B (standby) and the two apis.
  const workerA = startWorker('worker-a');
  await until(
    'worker A holding every projection lock',
    async () => (await soleHolder()) === appName('worker-a'),
    20_000,
  );
  const workerB = startWorker('worker-b');
  const apis = await Promise.all([startApiProcess('api-1'), startApiProcess('api-2')]);
  await until('worker B started', async () => workerB.output().includes('Draftline worker running'), 20_000);
  timings.startup = Date.now() - started;

  const load = startLoad({
    targets: apis,
    clientsPerTarget: 4,
    token: (actor) => signToken({ jwt: JWT }, actor, '1h'),
    actors: { office: users.office, drafter: users.drafter, lead: users.lead },
    assignBody: {
      kind: 'committee_decision',
      title: 'Quy định về quản lý đề tài khoa học',
      agency: 'so-khcn',
      // Simplified: send-for-appraisal straight from drafting, opening the appraisal clock.
      procedure: 'simplified',
      origin: 'additional',
      year: 2026,
    },
    sendChance: 0.03,
    maxSends: 24,
    staleChance: 0.03,
    docsPerClient: 3,
    timeoutMs: 5000,
    pauseMs: 5,
  });
  stoppers.push(() => load.stop());

  // While the load runs: who holds the projection locks.
  const samples: Map<string, number>[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push(await lockHolders().catch(() => new Map<string, number>()));
      await sleep(200);
    }
  })();
  stoppers.push(async () => {
    sampling = false;
    await sampler;
  });

  await sleep(LOAD_BEFORE_KILL_MS);
  const active = await soleHolder();
  expect(active).toBe(appName('worker-a'));
  const killedAt = Date.now();
  const okBeforeKill = load.log.filter((r) => r.outcome === 'ok').length;
  workerA.child.kill('SIGKILL');
  expect(await workerA.exited).toBeNull(); // ended by the signal
  const tookOver = await until(
    'worker B taking every projection lock',
    async () => (await soleHolder()) === appName('worker-b'),
    10_000,
    20,
  ).catch(() => false);
  timings.takeover = Date.now() - killedAt;
  if (!tookOver) violations.push(`worker B did not take the projection locks within 10 s of the kill`);
  await sleep(Math.max(0, LOAD_AFTER_KILL_MS - timings.takeover));
  const log = await load.stop();
  sampling = false;
  await sampler;
  timings.load = Date.now() - started - timings.startup;

  const ok = log.filter((r) => r.outcome === 'ok');
  const failed = log.filter((r) => r.outcome === 'failed');
  const unknown = log.filter((r) => r.outcome === 'unknown');
  const count = (api: string) => ok.filter((r) => r.api === api).length;
  expect(count('api-1')).toBeGreaterThan(50);
  expect(count('api-2')).toBeGreaterThan(50);
  expect(ok.length - okBeforeKill).toBeGreaterThan(50); // the load went on after the kill
  // The only refusals are the deliberately stale If-Match ones, and they are 412s.
  none(
    'refusals other than the stale If-Match 412s',
    failed.filter((r) => !(r.stale && r.status === 412)).map((r) => `${r.command} ${r.status} ${r.error}`),
  );

  // Projections catch up to the last acknowledged command (asked of an api: read-your-writes).
  const last = maxPosition(ok);
  const probe = ok[ok.length - 1];
  const catchUpStarted = Date.now();
  const bearer = await signToken({ jwt: JWT }, users.lead, '1h');
  const caughtUp = await until(
    `read models at ${last}`,
    async () => {
      const res = await fetch(`${apis[1].url}/documents/${probe.documentId}/history?consistentWith=${last}`, {
        headers: { authorization: `Bearer ${bearer}` },
        signal: AbortSignal.timeout(25_000),
      });
      return res.status === 200;
    },
    30_000,
    200,
  ).catch(() => false);
  timings.catchUp = Date.now() - catchUpStarted;
  if (!caughtUp) violations.push(`read models did not reach ${last} within 30 s`);

  // The checker: every command's events in the store (by correlation id) and in the read models.
  const events = await store.sql.query<{ id: string; type: string; c: string; inHistory: boolean }>(
    `SELECT e.id::text AS id, e.type, e.metadata->>'correlationId' AS c, h.event_id IS NOT NULL AS "inHistory"
       FROM events e LEFT JOIN document_history h ON h.event_id = e.id
      WHERE e.metadata->>'correlationId' = ANY($1::text[])`,
    [log.map((r) => r.id)],
  );
  const byCommand = new Map<string, typeof events>();
  for (const e of events) byCommand.set(e.c, [...(byCommand.get(e.c) ?? []), e]);
  const status = new Map(
    (
      await store.sql.query<{ id: string; revision: number }>(
        'SELECT id::text AS id, revision FROM document_status WHERE id = ANY($1::uuid[])',
        [[...new Set(ok.map((r) => r.documentId!))]],
      )
    ).map((r) => [r.id, Number(r.revision)]),
  );
  const stored = (r: CommandRecord) => byCommand.get(r.id) ?? [];
  none(
    'ok commands whose events are not in the store exactly as answered',
    ok
      .filter(
        (r) =>
          stored(r)
            .map((e) => e.type)
            .join() !== r.events!.join(),
      )
      .map((r) => r.id),
  );
  none(
    'ok commands whose events are missing from document_history',
    ok.filter((r) => stored(r).some((e) => !e.inHistory)).map((r) => r.id),
  );
  none(
    'ok commands whose document_status revision is below the acknowledged one',
    ok
      .filter((r) => !((status.get(r.documentId!) ?? -1) >= r.revision!))
      .map((r) => `${r.documentId} ${status.get(r.documentId!)} < ${r.revision}`),
  );
  none(
    'failed commands that left events',
    failed.filter((r) => stored(r).length > 0).map((r) => r.id),
  );
  none(
    'unknown commands stored but not projected',
    unknown.filter((r) => stored(r).some((e) => !e.inHistory)).map((r) => r.id),
  );
  none('parked events', await store.sql.query('SELECT name, event_id, error FROM projection_parked'));

  // Single-active: never more projection locks held than projections, and no batch ever lost to
  // another runner. A runner applying while another is active loses the race on the checkpoint
  // row (compare-and-set, checkpoints.ts): its batch rolls back and it logs so. Those lines are
  // the only trace a second active runner leaves (the read models stay right), so they are counted.
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  none(
    'lock samples with more holders than projections',
    samples.filter((m) => total(m) > PROJECTION_NAMES.length).map((m) => [...m]),
  );
  none('worker A log lines of a batch lost to another runner', splitBrainLines(workerA));
  none('worker B log lines of a batch lost to another runner', splitBrainLines(workerB));

  // Deadlines: a few reminders fired (some after the kill); none twice, in the store or an inbox.
  const reminderRows = () =>
    store.sql.query<{ key: string; type: string; n: number; afterKill: boolean }>(
      `SELECT e.data->>'clockId' || '.' || coalesce(e.data->>'reminder', 'escalation') AS key, e.type,
              count(*)::int AS n, bool_or(e.recorded_at > to_timestamp($1::double precision / 1000)) AS "afterKill"
         FROM events e WHERE e.type IN ('DeadlineReminderSent', 'DeadlineMissed')
        GROUP BY 1, 2`,
      [killedAt],
    );
  const reminders = await until(
    'at least 3 reminders recorded',
    async () => {
      const rows = await reminderRows();
      return rows.filter((r) => r.type === 'DeadlineReminderSent').length >= 3 && rows;
    },
    20_000,
    200,
  ).catch(() => reminderRows());
  const sent = reminders.filter((r) => r.type === 'DeadlineReminderSent').length;
  // Not a violation (the escalation tells the appraiser too), but worth seeing: a clock that
  // escalated with no reminder recorded, e.g. its reminder job died with worker A mid-run.
  const clockOf = (key: string) => key.replace(/\.[^.]+$/, '');
  const remindedClocks = new Set(
    reminders.filter((r) => r.type === 'DeadlineReminderSent').map((r) => clockOf(r.key)),
  );
  const escalatedOnly = reminders.filter(
    (r) => r.type === 'DeadlineMissed' && !remindedClocks.has(clockOf(r.key)),
  );
  if (sent < 3) violations.push(`only ${sent} reminders recorded`);
  if (!reminders.some((r) => r.afterKill)) violations.push('no reminder recorded after the kill');
  none(
    'reminder keys recorded more than once',
    reminders.filter((r) => r.n > 1),
  );
  none(
    'inbox rows repeated for one (key, user)',
    await store.sql.query(
      'SELECT key, user_id, count(*)::int AS n FROM notifications GROUP BY 1, 2 HAVING count(*) > 1',
    ),
  );
  const [{ n: inboxRows }] = await store.sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications',
  );
  if (inboxRows === 0) violations.push('no inbox rows');

  // The survivor stops gracefully: batches in flight commit, exit code 0.
  const termAt = Date.now();
  workerB.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stillRunning = new Promise<string>(
    (resolve) => (timer = setTimeout(resolve, 15_000, 'still running')),
  );
  const exit = await Promise.race([workerB.exited, stillRunning]);
  clearTimeout(timer);
  timings.sigterm = Date.now() - termAt;
  if (exit !== 0) violations.push(`worker B after SIGTERM: ${exit}`);

  const byOutcome = (o: string) => log.filter((r) => r.outcome === o).length;
  console.log(
    `four processes: ${log.length} commands (${byOutcome('ok')} ok: api-1 ${count('api-1')}, api-2 ${count('api-2')}; ` +
      `${byOutcome('failed')} failed (stale If-Match); ${byOutcome('unknown')} unknown), ` +
      `${ok.filter((r) => r.command === 'send-for-appraisal').length} clocks opened, ` +
      `${sent} reminders and ${reminders.filter((r) => r.type === 'DeadlineMissed').length} escalations recorded ` +
      `(${reminders.filter((r) => r.afterKill).length} after the kill; ${escalatedOnly.length} clocks escalated without ` +
      `a reminder), ${inboxRows} inbox rows; ` +
      `${samples.length} lock samples; timings ms ${JSON.stringify({ ...timings, total: Date.now() - started })}` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}` : ''),
  );
  expect(violations).toEqual([]);
}, 120_000);
