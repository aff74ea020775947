// Issue 8, "Done when": `kill -STOP` of the worker under load, then `kill -CONT`, as an
// acceptance test. Server mode (the built api and worker) on a PostgreSQL cluster of this file's
// own: a stopped worker may hold a transaction open, and on the shared server that would hold
// back every other test's reads. The api goes on taking commands while the worker is stopped.
// Asserted: /health/ready is 200 before, 503 while the worker is stopped with events behind, and
// 200 again once it is continued (it resumes by itself); every acknowledged command stored once;
// the read models equal a rebuild; every due reminder (some fell due while it was stopped)
// delivered once: its event, one inbox row per recipient, one call of the agency's webhook.
import {
  checkFaultRun,
  pendingReminders,
  readinessViolation,
  waitForReadiness,
} from './support/fault-acceptance.js';
import { useFaultRun } from './support/fault-run.js';
import { sleep, until } from './support/processes.js';
import { startServerLoad } from './support/server-mode.js';

const STOPS = 2;
/** Longer than a reminder's delay (2.5 s) and than the readiness lag bound (2 s). */
const STOP_MS = 3500;
const run = useFaultRun({ name: 'wpause', privatePostgres: true, webhook: true });
const { procs, stoppers } = run;

it('kill -STOP / -CONT of the worker under load: not ready while stopped, then resumed, nothing lost or doubled', async () => {
  const started = Date.now();
  const { api, worker, assertAlive } = await run.start();
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
    pendingAtStops += await until('a reminder pending', () => pendingReminders(run.store.sql), 10_000).catch(
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

  const { violations: after, figures } = await checkFaultRun(run.store, log, {
    rebuildUrl: run.rebuildUrl,
    apiUrl: api.url,
    receiver: run.receiver,
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
