// RELIABILITY.md, "reminders survive Redis loss": in server mode (one api, one worker) against a
// redis-server of this file's own with no persistence, under load with reminders pending:
// `SHUTDOWN NOSAVE`, a few seconds down, a fresh empty server on the same port; later a
// `FLUSHALL`. The worker survives and reconnects by itself, the reconciler re-creates the lost
// jobs from the open clocks, and every opened clock escalates; no reminder is recorded twice and
// every acknowledged command is stored once.
import { randomBytes } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { dropSchemas } from '../support/cleanup.js';
import { DATABASE_URL } from '../support/stores.js';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { Processes, sleep } from './support/processes.js';
import { checkAfterFaults, startServerLoad, startServerMode } from './support/server-mode.js';

const REDIS_PORT = 56421;
const tag = randomBytes(5).toString('hex');
const schema = `rshut_${tag}`;

const procs = new Processes();
let store: PostgresEventStore;
let redis: PrivateRedis;
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis(REDIS_PORT);
  store = await createPgEventStore({ url: DATABASE_URL, schema });
});

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await redis?.destroy();
  await dropSchemas(schema);
});

/** Clocks opened and not escalated yet: their jobs are in Redis, pending. */
const openClocks = async () => {
  const [row] = await store.sql.query<{ n: number }>(
    `SELECT (count(*) FILTER (WHERE type = 'SentForAppraisal')
             - count(DISTINCT data->>'clockId') FILTER (WHERE type = 'DeadlineMissed'))::int AS n FROM events`,
  );
  return row.n;
};

it('Redis SHUTDOWN and FLUSHALL with reminders pending: the worker reconnects, no reminder lost or doubled', async () => {
  const started = Date.now();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const { api, worker, assertAlive } = await startServerMode(procs, {
    storeUrl: url.toString(),
    redisUrl: redis.url,
    prefix: `test-rshut-${tag}`,
    workerEnv: { DEADLINE_RECONCILE_SECONDS: '2' },
  });
  const load = startServerLoad(api, 10);
  stoppers.push(() => load.stop());

  await sleep(3500);
  const pendingAtShutdown = await openClocks();
  await redis.shutdown();
  await sleep(3000);
  assertAlive();
  await redis.start();
  await sleep(3000);
  const pendingAtFlush = await openClocks();
  await redis.flushAll();
  await sleep(2500);
  assertAlive();
  const log = await load.stop();

  const { violations, figures } = await checkAfterFaults(store, log, DATABASE_URL);
  assertAlive();
  if (pendingAtShutdown + pendingAtFlush === 0) violations.push('no reminder was pending at either fault');
  console.log(
    `redis SHUTDOWN for 3 s (${pendingAtShutdown} clocks open) + FLUSHALL (${pendingAtFlush} open): ${figures}; ` +
      `${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  // Asked to stop while Redis is down, the worker still leaves, within a bound, not retrying for ever.
  await redis.shutdown();
  const termAt = Date.now();
  worker.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    worker.exited,
    new Promise<string>((resolve) => (timer = setTimeout(resolve, 20_000, 'still running'))),
  ]);
  clearTimeout(timer);
  console.log(`worker SIGTERM with Redis down: ${exit} after ${Date.now() - termAt} ms`);
  expect(exit).not.toBe('still running');
}, 110_000);
