// Server mode for the fault tests: one api (commands and queries only) and one worker
// (projections and the deadline side), as `npm run build` builds them, a command load through
// the api, and the checks after the faults: every acknowledged command stored once, every opened
// clock escalated with no reminder recorded twice, the read models at the store's tail and equal
// to a rebuild from zero, nothing parked.
import { fileURLToPath } from 'node:url';
import { comparePositions, formatPosition, type PostgresEventStore } from '#event-store';
import { signToken } from '../../../apps/api/src/auth/token.service.js';
import { users } from '../../support/users.js';
import { startLoad, type CommandRecord } from './command-load.js';
import {
  commandViolations,
  differencesFromRebuild,
  liveReached,
  outcomeFigures,
  storeTail,
} from './fault-checks.js';
import {
  API_MAIN,
  freePort,
  Processes,
  until,
  waitForApi,
  WORKER_MAIN,
  type NodeProcess,
} from './processes.js';

export const JWT = {
  secret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
};
const directoryFile = fileURLToPath(new URL('../../../apps/api/user-directory.sample.json', import.meta.url));

export interface ServerModeOptions {
  /** EVENT_STORE_URL of both processes (`postgres://…?schema=…`). */
  readonly storeUrl: string;
  readonly redisUrl: string;
  /** QUEUE_PREFIX, the test's own. */
  readonly prefix: string;
  /** More environment for the worker (e.g. a short reconcile interval). */
  readonly workerEnv?: Record<string, string>;
  /** More environment for the api (e.g. readiness bounds). */
  readonly apiEnv?: Record<string, string>;
}

export interface ServerMode {
  readonly api: { readonly name: string; readonly url: string; readonly proc: NodeProcess };
  readonly worker: NodeProcess;
  /** Throws, with its last lines, if either process has died. */
  assertAlive(): void;
}

/** Starts the worker, then the api, and waits for both. */
export async function startServerMode(procs: Processes, o: ServerModeOptions): Promise<ServerMode> {
  const common = {
    NODE_ENV: 'test',
    JWT_SECRET: JWT.secret,
    EVENT_STORE_URL: o.storeUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.prefix,
    // The test rule book at scale 0.5: a simplified appraisal clock reminds 2.5 s after sending
    // and escalates at 5 s, so reminders fall due around the faults.
    DEADLINE_RULES: 'test',
    DEADLINE_TEST_SCALE: '0.5',
    DATA_DIR: '/nonexistent-draftline-test',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    USER_DIRECTORY_FILE: directoryFile,
  };
  // info: the start line the harness waits for ("Draftline worker running") is an info line.
  const worker = procs.start('worker', WORKER_MAIN, { ...common, LOG_LEVEL: 'info', ...o.workerEnv });
  const port = await freePort();
  const proc = procs.start('api', API_MAIN, {
    ...common,
    HOST: '127.0.0.1',
    PORT: String(port),
    RUN_PROJECTIONS: 'false',
    RUN_DEADLINES: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    ...o.apiEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForApi(proc, url);
  await until('worker started', async () => worker.output().includes('Draftline worker running'), 60_000);
  const api = { name: 'api', url, proc };
  return {
    api,
    worker,
    assertAlive() {
      for (const p of [proc, worker])
        if (!p.running) throw new Error(`${p.name} died:\n${p.output().split('\n').slice(-25).join('\n')}`);
    },
  };
}

/** Three clients on the api; a few documents sent for appraisal (clocks); 5xx and timeouts unknown. */
export function startServerLoad(api: ServerMode['api'], maxSends = 8) {
  return startLoad({
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
    maxSends,
    staleChance: 0.03,
    docsPerClient: 3,
    timeoutMs: 5000,
    pauseMs: 10,
    // A 503 during an outage, or a connection cut at COMMIT, may have landed: unknown.
    serverErrorIsUnknown: true,
    pauseAfterUnknownMs: 200,
  });
}

/**
 * After the load has stopped: waits (bounded) for every opened clock to escalate and for the
 * read models to reach the tail, then checks everything. Returns the violations and the figures.
 */
export async function checkAfterFaults(
  store: PostgresEventStore,
  log: readonly CommandRecord[],
  rebuildUrl: string,
  settleMs = 30_000,
): Promise<{ violations: string[]; figures: string }> {
  // The clocks the load opened (a document sent for appraisal is moved no further, so its clock
  // runs to its escalation); other clocks a test's own events open are not waited for.
  const clocks = async () => {
    const [row] = await store.sql.query<{ sent: number; missed: number; reminded: number }>(
      `WITH sent AS (SELECT DISTINCT substr(stream_id, length('draft-') + 1) AS d
                       FROM events WHERE type = 'SentForAppraisal')
       SELECT (SELECT count(*) FROM sent)::int AS sent,
              count(DISTINCT data->>'clockId') FILTER (WHERE type = 'DeadlineMissed')::int AS missed,
              count(*) FILTER (WHERE type = 'DeadlineReminderSent')::int AS reminded
         FROM events WHERE data->>'documentId' IN (SELECT d FROM sent)`,
    );
    return row;
  };
  const escalated = await until(
    'every opened clock escalated',
    async () => {
      const c = await clocks();
      return c.missed === c.sent && c;
    },
    settleMs,
    200,
  ).catch(() => undefined);
  // The live read models against a rebuild at the same tail; again if the tail moved meanwhile
  // (a reminder of another clock recorded late).
  let tail = await storeTail(store);
  let caughtUp = false;
  let rebuild: Awaited<ReturnType<typeof differencesFromRebuild>> = { differences: [], rows: {} };
  for (let attempt = 0; attempt < 3; attempt++) {
    caughtUp = await liveReached(store, store.sql, tail, settleMs);
    rebuild = await differencesFromRebuild(store, store.sql, rebuildUrl, tail);
    const now = await storeTail(store);
    if (comparePositions(now, tail) === 0) break;
    tail = now;
  }

  const violations = await commandViolations(store.sql, log);
  if (!escalated) violations.push(`clocks not all escalated: ${JSON.stringify(await clocks())}`);
  if (!caughtUp) violations.push(`read models did not reach the tail ${formatPosition(tail)}`);
  const twice = await store.sql.query(
    `SELECT data->>'clockId' AS clock, type, data->>'reminder' AS reminder, count(*)::int AS n FROM events
      WHERE type IN ('DeadlineReminderSent', 'DeadlineMissed') GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  if (twice.length > 0) violations.push(`reminders recorded twice: ${JSON.stringify(twice)}`);
  const inboxTwice = await store.sql.query(
    'SELECT key, user_id, count(*)::int AS n FROM notifications GROUP BY 1, 2 HAVING count(*) > 1',
  );
  if (inboxTwice.length > 0)
    violations.push(`inbox rows repeated: ${JSON.stringify(inboxTwice.slice(0, 3))}`);
  violations.push(...rebuild.differences);
  const parked = await store.sql.query('SELECT name, event_id, error FROM projection_parked');
  if (parked.length > 0) violations.push(`parked events: ${JSON.stringify(parked.slice(0, 3))}`);
  const figures =
    `${await outcomeFigures(store.sql, log)}; clocks ${JSON.stringify(await clocks())}; ` +
    `read models ${JSON.stringify(rebuild.rows)}`;
  return { violations, figures };
}
