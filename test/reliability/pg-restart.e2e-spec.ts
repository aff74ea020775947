// RELIABILITY.md, "faults to inject": a PostgreSQL restart and an immediate stop under load, in
// server mode (one api, one worker, as `npm run build` builds them) against a PostgreSQL cluster
// of this file's own (initdb on a private port), so the shared server is never touched.
// Concurrent clients log each command ok / failed / unknown (a 5xx or a timeout may have landed).
// Faults: `pg_ctl -m immediate restart` three times, then `pg_ctl -m immediate stop`, a few
// seconds down, and start. Then: both processes are still alive (issue 8, item 1: the worker
// died of an unhandled 'error' event), every acknowledged command is stored once, the read
// models reach the store's tail and equal a rebuild from zero, every opened clock escalated and
// no reminder was recorded twice; /health/ready said 503 while the database was down and 200 after.
import { useFaultRun } from './support/fault-run.js';
import { sleep, until } from './support/processes.js';
import { checkAfterFaults, startServerLoad } from './support/server-mode.js';

const RESTARTS = 3;
const run = useFaultRun({ name: 'pgrestart', privatePostgres: true });
const { procs, stoppers } = run;

const readiness = async (url: string) =>
  (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) })).status;

it('a PostgreSQL immediate restart and an immediate stop under load: both processes resume, nothing lost or doubled', async () => {
  const started = Date.now();
  const { api, worker, assertAlive } = await run.start();
  const pg = run.pg!;
  const load = startServerLoad(api);
  stoppers.push(() => load.stop());

  await sleep(3000);
  const okBefore = load.log.filter((r) => r.outcome === 'ok').length;
  // Several restarts: each cuts whatever connection is in a transaction at that moment.
  for (let i = 0; i < RESTARTS; i++) {
    await pg.restartImmediate();
    await sleep(1500);
    assertAlive();
  }
  await pg.stopImmediate();
  const readyWhileDown = await readiness(api.url);
  await sleep(4000);
  await pg.start();
  await sleep(3000);
  assertAlive();
  const log = await load.stop();
  expect(okBefore).toBeGreaterThan(20);
  expect(log.filter((r) => r.outcome === 'ok').length - okBefore).toBeGreaterThan(20);

  const { violations, figures } = await checkAfterFaults(run.store, log, run.rebuildUrl);
  assertAlive();
  // Readiness: not ready while the database is down, ready again by itself once it is back.
  if (readyWhileDown !== 503)
    violations.push(`/health/ready answered ${readyWhileDown} with the database down`);
  const readyAgain = await until(
    'ready again',
    async () => (await readiness(api.url)) === 200,
    10_000,
    200,
  ).catch(() => false);
  if (!readyAgain)
    violations.push(`/health/ready still ${await readiness(api.url)} after the database came back`);
  console.log(
    `postgres ${RESTARTS} immediate restarts + an immediate stop of 4 s: ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  // The worker leaves cleanly when asked.
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 110_000);
