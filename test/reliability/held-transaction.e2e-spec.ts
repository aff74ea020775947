// Issue 8, "Done when": a long-open transaction on the event store's database, as an acceptance
// test. Server mode (the built api and worker) on a PostgreSQL cluster of this file's own (an
// open transaction holds back every reader of the cluster: on the shared server it would stall
// other tests). A client appends a new document's first event and keeps its transaction open
// while the api goes on taking commands; their events commit behind it and stay unread until it
// ends (the snapshot rule), so the read side is behind although the worker runs. Then it
// commits; a second one is held and rolled back. Asserted: /health/ready is 200 before, 503 while
// events are held behind each open transaction, 200 again after; the newest command acknowledged
// during a hold is not projected before it ends; the committed event is projected, the
// rolled-back one is not; every acknowledged command stored once; the read models equal a
// rebuild; every due reminder delivered once (event, inbox rows, the agency's webhook).
import { randomUUID } from 'node:crypto';
import { assigned } from '#projections/testing';
import { checkFaultRun, readinessViolation, waitForReadiness } from './support/fault-acceptance.js';
import { useFaultRun } from './support/fault-run.js';
import { sleep } from './support/processes.js';
import { startServerLoad } from './support/server-mode.js';

/** Longer than the readiness lag bound (2 s). */
const HOLD_MS = 4500;
const run = useFaultRun({ name: 'heldtx', privatePostgres: true, webhook: true });
const { procs, stoppers } = run;

class RollBack extends Error {}

/**
 * A new document's DraftAssigned like the load's (simplified, additional, this year's): no clock
 * starts with it, so the clocks stay the load's (server-mode.ts checks each one escalated).
 */
function assignedLikeTheLoad(documentId: string) {
  const event = assigned(documentId);
  const { plannedMonth: _none, ...data } = event.data as Record<string, unknown>;
  return { ...event, data: { ...data, procedure: 'simplified', origin: 'additional', year: 2026 } };
}

/**
 * Appends a new document's first event in a transaction that stays open until `end()`, which
 * commits it or rolls it back and resolves when that is done. `open` resolves once it appended.
 */
function holdOpen(documentId: string, outcome: 'commit' | 'rollback') {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let appended!: () => void;
  const open = new Promise<void>((resolve) => (appended = resolve));
  const { store } = run;
  const done = store.sql
    .transaction(async (tx) => {
      await store.appendInTransaction(tx, `draft-${documentId}`, [assignedLikeTheLoad(documentId)], {
        expectedRevision: 'no-stream',
      });
      appended();
      await released;
      if (outcome === 'rollback') throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return {
    open: Promise.race([open, done]),
    end: async () => {
      release();
      await done;
    },
  };
}

/** The document's revision as document_status has it (-1: not there). */
const projectedRevision = async (documentId: string) => {
  const rows = await run.store.sql.query<{ revision: number }>(
    'SELECT revision FROM document_status WHERE id = $1',
    [documentId],
  );
  return rows[0]?.revision ?? -1;
};
const projected = async (documentId: string) => (await projectedRevision(documentId)) >= 0;

it('a transaction held open under load: not ready while events wait behind it, projected in order after', async () => {
  const started = Date.now();
  const { api, worker, assertAlive } = await run.start();
  const violations: string[] = [];
  const load = startServerLoad(api);
  stoppers.push(() => load.stop());
  violations.push(
    ...readinessViolation('ready before the faults', await waitForReadiness(api.url, 'ready', 20_000)),
  );

  const committed = randomUUID();
  const rolledBack = randomUUID();
  const seen: string[] = [];
  for (const [documentId, outcome] of [
    [committed, 'commit'],
    [rolledBack, 'rollback'],
  ] as const) {
    const heldAt = Date.now();
    const held = holdOpen(documentId, outcome);
    stoppers.push(held.end);
    await held.open;
    const okAtHold = load.log.filter((r) => r.outcome === 'ok').length;
    const behind = await waitForReadiness(api.url, 'not-ready', HOLD_MS + 3000);
    violations.push(
      ...readinessViolation(`503 while events wait behind the open transaction (${outcome})`, behind),
    );
    await sleep(Math.max(0, HOLD_MS - (Date.now() - heldAt)));
    const during = load.log.filter((r) => r.outcome === 'ok').slice(okAtHold);
    if (during.length < 10)
      violations.push(
        `only ${during.length} commands acknowledged while the transaction was open (${outcome})`,
      );
    // The read side has not passed the open transaction: the newest acknowledged command waits.
    const newest = during.at(-1);
    if (newest && (await projectedRevision(newest.documentId!)) >= newest.revision!)
      violations.push(
        `${newest.command} acknowledged while the transaction was open is projected already (${outcome})`,
      );
    await held.end();
    const ready = await waitForReadiness(api.url, 'ready', 20_000);
    violations.push(...readinessViolation(`ready again after the ${outcome}`, ready));
    assertAlive();
    seen.push(
      `${outcome}: 503 after ${behind.waitedMs} ms ${JSON.stringify(behind.last.reasons)}, ` +
        `${during.length} ok meanwhile, 200 ${ready.waitedMs} ms after the ${outcome}`,
    );
  }
  const log = await load.stop();

  const { violations: after, figures } = await checkFaultRun(run.store, log, {
    rebuildUrl: run.rebuildUrl,
    apiUrl: api.url,
    receiver: run.receiver,
  });
  violations.push(...after);
  if (!(await projected(committed))) violations.push('the held-open, then committed, event is not projected');
  if (await projected(rolledBack)) violations.push('the rolled-back event is projected');
  assertAlive();
  console.log(
    `transaction held open ${HOLD_MS} ms, twice (${seen.join('; ')}): ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 90_000);
