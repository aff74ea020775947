// Issue 8, "Done when": the Redis fault runs of RELIABILITY.md as acceptance tests. Server mode
// (the built api and worker) on a schema of its own of the shared PostgreSQL, against a
// redis-server of this file's own (no persistence), under command load with reminders pending:
// `SHUTDOWN NOSAVE` (every job gone with it), a few seconds down, a fresh empty server on the
// same port; later `FLUSHALL`. Asserted: /health/ready is 200 before, 503 naming Redis while it
// is down and 200 again after; every acknowledged command stored once; the read models equal a
// rebuild; every due reminder delivered once (its event, one inbox row per recipient, one call
// of the agency's webhook); both processes alive.
import type { CommandRecord } from './support/command-load.js';
import {
  checkFaultRun,
  pendingReminders,
  readinessViolation,
  waitForReadiness,
} from './support/fault-acceptance.js';
import { useFaultRun } from './support/fault-run.js';
import { sleep, until } from './support/processes.js';
import { startServerLoad } from './support/server-mode.js';

const DOWN_MS = 3000;
const run = useFaultRun({ name: 'rfault', privateRedis: true, webhook: true });
const { procs, stoppers } = run;

it('Redis SHUTDOWN and FLUSHALL under load with reminders pending: not ready while down, then every due reminder delivered once', async () => {
  const started = Date.now();
  const { api, worker, assertAlive } = await run.start();
  const redis = run.redis!;
  const violations: string[] = [];
  const logs: CommandRecord[][] = [];
  const load = startServerLoad(api, 6);
  stoppers.push(() => load.stop());
  violations.push(
    ...readinessViolation('ready before the faults', await waitForReadiness(api.url, 'ready', 20_000)),
  );

  // SHUTDOWN NOSAVE with reminders pending, under load.
  const pendingAtShutdown = await until('a reminder pending', () => pendingReminders(run.store.sql), 15_000);
  const downAt = Date.now();
  await redis.shutdown();
  const down = await waitForReadiness(api.url, 'not-ready', DOWN_MS + 2000, { reason: /redis/i });
  violations.push(...readinessViolation('503 naming Redis while Redis is down', down));
  await sleep(Math.max(0, DOWN_MS - (Date.now() - downAt)));
  assertAlive();
  await redis.start();
  const back = await waitForReadiness(api.url, 'ready', 20_000);
  violations.push(...readinessViolation('ready again once Redis is back', back));
  logs.push(await load.stop());

  // FLUSHALL with reminders pending: a second load sends a few documents for appraisal again.
  const load2 = startServerLoad(api, 4);
  stoppers.push(() => load2.stop());
  const pendingAtFlush = await until(
    'a reminder pending again',
    () => pendingReminders(run.store.sql),
    15_000,
  );
  await redis.flushAll();
  await sleep(2500);
  assertAlive();
  logs.push(await load2.stop());

  const log = logs.flat();
  const { violations: after, figures } = await checkFaultRun(run.store, log, {
    rebuildUrl: run.rebuildUrl,
    apiUrl: api.url,
    receiver: run.receiver,
  });
  violations.push(...after);
  assertAlive();
  console.log(
    `redis SHUTDOWN NOSAVE for ${DOWN_MS} ms (${pendingAtShutdown} reminders pending; 503 after ` +
      `${down.waitedMs} ms: ${JSON.stringify(down.last.reasons)}; 200 again ${back.waitedMs} ms after the restart) ` +
      `+ FLUSHALL (${pendingAtFlush} pending): ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 120_000);
