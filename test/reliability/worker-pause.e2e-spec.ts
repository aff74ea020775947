// Issue 8, "Done when": `kill -STOP` of the worker under load, then `kill -CONT`, as an
// acceptance test. Server mode (the built api and worker) on a PostgreSQL cluster of this file's
// own: a stopped worker may hold a transaction open, and on the shared server that would hold
// back every other test's reads. The api goes on taking commands while the worker is stopped.
// Asserted: /health/ready is 200 before, 503 while the worker is stopped with events behind, and
// 200 again once it is continued (it resumes by itself); every acknowledged command stored once;
// the read models equal a rebuild; every due reminder (some fell due while it was stopped)
// delivered once: its event, one inbox row per recipient, one call of the agency's webhook.
import { randomBytes } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import {
  checkFaultRun,
  directoryWithWebhook,
  FAULT_READINESS_ENV,
  pendingReminders,
  readinessViolation,
  startWebhookReceiver,
  waitForReadiness,
  type WebhookReceiver,
} from './support/fault-acceptance.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { Processes, sleep, until } from './support/processes.js';
import { startServerLoad, startServerMode } from './support/server-mode.js';

const PG_PORT = 55480;
const HOOK_PORT = 55491;
const STOPS = 2;
/** Longer than a reminder's delay (2.5 s) and than the readiness lag bound (2 s). */
const STOP_MS = 3500;
const tag = randomBytes(5).toString('hex');
const schema = `wpause_${tag}`;
const prefix = `test-wpause-${tag}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const procs = new Processes();
let pg: PrivatePostgres;
let store: PostgresEventStore;
let receiver: WebhookReceiver;
const directory = { remove: () => undefined as void, file: '' };
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  pg = await startPrivatePostgres(PG_PORT);
  store = await createPgEventStore({ url: pg.url, schema });
  receiver = await startWebhookReceiver(HOOK_PORT);
  Object.assign(directory, directoryWithWebhook(receiver.url));
}, 30_000);

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await pg?.destroy();
  await receiver?.close();
  directory.remove();
  await deleteKeysWithPrefix(prefix);
});

it('kill -STOP / -CONT of the worker under load: not ready while stopped, then resumed, nothing lost or doubled', async () => {
  const started = Date.now();
  const { api, worker, assertAlive } = await startServerMode(procs, {
    storeUrl: `${pg.url}?schema=${schema}`,
    redisUrl: REDIS_URL,
    prefix,
    workerEnv: { DEADLINE_RECONCILE_SECONDS: '2', USER_DIRECTORY_FILE: directory.file },
    apiEnv: { ...FAULT_READINESS_ENV, USER_DIRECTORY_FILE: directory.file },
  });
  const violations: string[] = [];
  const load = startServerLoad(api, 12);
  stoppers.push(() => load.stop());
  stoppers.push(async () => worker.child.kill('SIGCONT'));
  violations.push(
    ...readinessViolation('ready before the faults', await waitForReadiness(api.url, 'ready', 20_000)),
  );

  const ok = () => load.log.filter((r) => r.outcome === 'ok').length;
  const seen: string[] = [];
  let pendingAtStops = 0;
  for (let i = 0; i < STOPS; i++) {
    // A reminder pending when it stops: it falls due while nobody takes it.
    pendingAtStops += await until('a reminder pending', () => pendingReminders(store.sql), 10_000).catch(
      () => 0,
    );
    const okAtStop = ok();
    const stoppedAt = Date.now();
    worker.child.kill('SIGSTOP');
    const stopped = await waitForReadiness(api.url, 'not-ready', STOP_MS + 3000);
    violations.push(...readinessViolation(`503 while the worker is stopped (stop ${i + 1})`, stopped));
    await sleep(Math.max(0, STOP_MS - (Date.now() - stoppedAt)));
    const okWhileStopped = ok() - okAtStop;
    if (okWhileStopped < 10)
      violations.push(`only ${okWhileStopped} commands acknowledged while the worker was stopped`);
    worker.child.kill('SIGCONT');
    const resumed = await waitForReadiness(api.url, 'ready', 20_000);
    violations.push(...readinessViolation(`ready again after kill -CONT (stop ${i + 1})`, resumed));
    assertAlive();
    seen.push(
      `stop ${i + 1}: 503 after ${stopped.waitedMs} ms ${JSON.stringify(stopped.last.reasons)}, ` +
        `${okWhileStopped} ok meanwhile, 200 ${resumed.waitedMs} ms after -CONT`,
    );
  }
  const log = await load.stop();
  if (pendingAtStops === 0) violations.push('no reminder was pending when the worker was stopped');

  const { violations: after, figures } = await checkFaultRun(store, log, {
    rebuildUrl: pg.url,
    apiUrl: api.url,
    receiver,
  });
  violations.push(...after);
  assertAlive();
  console.log(
    `worker ${STOPS}× kill -STOP for ${STOP_MS} ms, ${pendingAtStops} reminders pending at the stops ` +
      `(${seen.join('; ')}): ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 90_000);
