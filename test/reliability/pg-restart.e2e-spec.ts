// RELIABILITY.md, "faults to inject": a PostgreSQL restart and an immediate stop under load, in
// server mode (one api, one worker, as `npm run build` builds them) against a PostgreSQL cluster
// of this file's own (initdb on a private port), so the shared server is never touched.
// Concurrent clients log each command ok / failed / unknown (a 5xx or a timeout may have landed).
// Faults: `pg_ctl -m immediate restart` three times, then `pg_ctl -m immediate stop`, a few seconds down, and
// start. Then: both processes are still alive, every acknowledged command is stored once, the
// read models reach the store's tail and equal a rebuild from zero, every opened clock escalated
// and no reminder was recorded twice.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPgEventStore, formatPosition, type PostgresEventStore } from '#event-store';
import { signToken } from '../../apps/api/src/auth/token.service.js';
import { users } from '../support/users.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import { startLoad } from './support/command-load.js';
import {
  commandViolations,
  differencesFromRebuild,
  liveReached,
  outcomeFigures,
  storeTail,
} from './support/fault-checks.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
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

const PG_PORT = 55420;
const RESTARTS = 3;
const tag = randomBytes(5).toString('hex');
const schema = `pgrestart_${tag}`;
const prefix = `test-pgrestart-${tag}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT = {
  secret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
};
const directoryFile = fileURLToPath(new URL('../../apps/api/user-directory.sample.json', import.meta.url));
const common = {
  NODE_ENV: 'test',
  JWT_SECRET: JWT.secret,
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  // The test rule book at scale 0.5: a simplified appraisal clock reminds 2.5 s after sending
  // and escalates at 5 s, so a few reminders fall due around the faults.
  DEADLINE_RULES: 'test',
  DEADLINE_TEST_SCALE: '0.5',
  DATA_DIR: '/nonexistent-draftline-test',
  LOG_LEVEL: 'warn',
  NO_COLOR: '1',
  USER_DIRECTORY_FILE: directoryFile,
};

const procs = new Processes();
let pg: PrivatePostgres;
let store: PostgresEventStore;
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  pg = await startPrivatePostgres(PG_PORT);
  store = await createPgEventStore({ url: pg.url, schema });
}, 30_000);

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await pg?.destroy();
  await deleteKeysWithPrefix(prefix);
});

const urlOf = () => `postgres://postgres@127.0.0.1:${PG_PORT}/postgres?schema=${schema}`;

async function startApi(): Promise<{ name: string; url: string; proc: NodeProcess }> {
  const port = await freePort();
  const proc = procs.start('api', API_MAIN, {
    ...common,
    EVENT_STORE_URL: urlOf(),
    HOST: '127.0.0.1',
    PORT: String(port),
    RUN_PROJECTIONS: 'false',
    RUN_DEADLINES: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForApi(proc, url);
  return { name: 'api', url, proc };
}

/** Fails at once when a process has died (naming it, with its last lines). */
const alive = (...all: NodeProcess[]) => {
  for (const p of all)
    if (!p.running) throw new Error(`${p.name} died:\n${p.output().split('\n').slice(-25).join('\n')}`);
};

it('a PostgreSQL immediate restart and an immediate stop under load: both processes resume, nothing lost or doubled', async () => {
  const started = Date.now();
  const worker = procs.start('worker', WORKER_MAIN, { ...common, EVENT_STORE_URL: urlOf() });
  const api = await startApi();
  await until('worker started', async () => worker.output().includes('Draftline worker running'), 20_000);

  const load = startLoad({
    targets: [api],
    clientsPerTarget: 3,
    token: (actor) => signToken({ jwt: JWT }, actor, '1h'),
    actors: { office: users.office, drafter: users.drafter, lead: users.lead },
    assignBody: {
      kind: 'committee_decision',
      title: 'Quy định về quản lý đề tài khoa học',
      agency: 'so-khcn',
      procedure: 'simplified',
      origin: 'additional',
      year: 2026,
    },
    sendChance: 0.03,
    maxSends: 8,
    staleChance: 0.03,
    docsPerClient: 3,
    timeoutMs: 5000,
    pauseMs: 10,
    // A 503 during the outage, or a connection cut at COMMIT, may have landed: unknown.
    serverErrorIsUnknown: true,
    pauseAfterUnknownMs: 200,
  });
  stoppers.push(() => load.stop());

  await sleep(3000);
  const okBefore = load.log.filter((r) => r.outcome === 'ok').length;
  // Several restarts: each cuts whatever connection is in a transaction at that moment.
  for (let i = 0; i < RESTARTS; i++) {
    await pg.restartImmediate();
    await sleep(1500);
    alive(api.proc, worker);
  }
  await pg.stopImmediate();
  await sleep(4000);
  await pg.start();
  await sleep(3000);
  alive(api.proc, worker);
  const log = await load.stop();
  const okAfter = log.filter((r) => r.outcome === 'ok' && r.at > started).length - okBefore;
  expect(okBefore).toBeGreaterThan(20);
  expect(okAfter).toBeGreaterThan(20);

  // Every opened clock escalates (no clock lost with its job to the outage): then nothing more
  // is due and the store's tail stays where it is.
  const clocks = async () => {
    const [row] = await store.sql.query<{ sent: number; missed: number }>(
      `SELECT count(*) FILTER (WHERE type = 'SentForAppraisal')::int AS sent,
              count(DISTINCT data->>'clockId') FILTER (WHERE type = 'DeadlineMissed')::int AS missed
         FROM events`,
    );
    return row;
  };
  const escalated = await until(
    'every opened clock escalated',
    async () => {
      const c = await clocks();
      return c.missed === c.sent && c;
    },
    30_000,
    200,
  ).catch(() => undefined);
  const tail = await storeTail(store);
  const caughtUp = await liveReached(store, store.sql, tail, 30_000);
  alive(api.proc, worker);

  const violations = await commandViolations(store.sql, log);
  if (!escalated) violations.push(`clocks not all escalated: ${JSON.stringify(await clocks())}`);
  if (!caughtUp) violations.push(`read models did not reach the tail ${formatPosition(tail)} in 30 s`);
  const twice = await store.sql.query(
    `SELECT data->>'clockId' AS clock, type, data->>'reminder' AS reminder, count(*)::int AS n FROM events
      WHERE type IN ('DeadlineReminderSent', 'DeadlineMissed') GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  if (twice.length > 0) violations.push(`reminders recorded twice: ${JSON.stringify(twice)}`);
  const rebuild = await differencesFromRebuild(store, store.sql, pg.url, tail);
  violations.push(...rebuild.differences);
  const parked = await store.sql.query('SELECT name, event_id, error FROM projection_parked');
  if (parked.length > 0) violations.push(`parked events: ${JSON.stringify(parked.slice(0, 3))}`);

  console.log(
    `postgres restart + stop: ${await outcomeFigures(store.sql, log)}; clocks ${JSON.stringify(await clocks())}; ` +
      `read models ${JSON.stringify(rebuild.rows)}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  // Both leave cleanly when asked.
  worker.child.kill('SIGTERM');
  api.proc.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 110_000);
