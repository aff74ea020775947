// RELIABILITY.md, "faults to inject": a long-open transaction under load, in server mode. A
// transaction appends to the store and stays open for seconds while the api goes on taking
// commands; the read side must not pass it (PostgreSQL's snapshot rule: a reader that moved its
// checkpoint past the open transaction would skip its event for good). Once it commits, its
// event is projected, in order; a second one held open and rolled back leaves nothing and the
// projections move on. Then: every acknowledged command stored once, the read models equal a
// rebuild from zero, every clock escalated, no reminder twice.
import { randomBytes, randomUUID } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { assigned } from '../../libs/projections/src/testing/draft-events.js';
import { deleteKeysWithPrefix, dropSchemas } from '../support/cleanup.js';
import { DATABASE_URL } from '../support/stores.js';
import { Processes, sleep } from './support/processes.js';
import { checkAfterFaults, startServerLoad, startServerMode } from './support/server-mode.js';

const HOLD_MS = 4000;
const tag = randomBytes(5).toString('hex');
const schema = `longtx_${tag}`;
const prefix = `test-longtx-${tag}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const procs = new Processes();
let store: PostgresEventStore;
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  store = await createPgEventStore({ url: DATABASE_URL, schema });
});

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await dropSchemas(schema);
  await deleteKeysWithPrefix(prefix);
});

class RollBack extends Error {}

/** Appends a new document's first event in a transaction held open `ms`, then commits or rolls back. */
async function holdOpen(documentId: string, ms: number, outcome: 'commit' | 'rollback'): Promise<void> {
  await store.sql
    .transaction(async (tx) => {
      await store.appendInTransaction(tx, `draft-${documentId}`, [assigned(documentId)], {
        expectedRevision: 'no-stream',
      });
      await sleep(ms);
      if (outcome === 'rollback') throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
}

/** True once document_status shows the document at `revision` or later. */
const projected = async (documentId: string, revision = 0) =>
  (
    await store.sql.query('SELECT 1 FROM document_status WHERE id = $1 AND revision >= $2', [
      documentId,
      revision,
    ])
  ).length > 0;

it('a transaction held open under load: the read side waits for it, then projects it in order', async () => {
  const started = Date.now();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const { api, worker, assertAlive } = await startServerMode(procs, {
    storeUrl: url.toString(),
    redisUrl: REDIS_URL,
    prefix,
  });
  const load = startServerLoad(api);
  stoppers.push(() => load.stop());
  await sleep(2000);

  const committed = randomUUID();
  const rolledBack = randomUUID();
  const okAtHold = load.log.filter((r) => r.outcome === 'ok').length;
  const held = holdOpen(committed, HOLD_MS, 'commit');
  await sleep(HOLD_MS / 2);
  // Commands go on while the transaction is open...
  const okDuringHold = load.log.filter((r) => r.outcome === 'ok').length - okAtHold;
  // ...but the last one acknowledged is not projected yet: the read side has not passed the open one.
  // (Shown, not asserted: a projection exactly at the open transaction's place is right too.)
  const lastOk = load.log.filter((r) => r.outcome === 'ok').at(-1)!;
  const lastOkProjected = await projected(lastOk.documentId!, lastOk.revision!);
  // Shown, not asserted here: readiness's lag bounds are issue 8, item 2's (see health.controller.ts).
  const readyDuringHold = (await fetch(`${api.url}/health/ready`)).status;
  await held;
  await holdOpen(rolledBack, HOLD_MS / 2, 'rollback');
  await sleep(2000);
  assertAlive();
  const log = await load.stop();

  const { violations, figures } = await checkAfterFaults(store, log, DATABASE_URL);
  assertAlive();
  if (okDuringHold < 5)
    violations.push(`only ${okDuringHold} commands acknowledged while the transaction was open`);
  if (!(await projected(committed))) violations.push('the held-open, then committed, event is not projected');
  if (await projected(rolledBack)) violations.push('the rolled-back event is projected');
  console.log(
    `long-open transaction (${HOLD_MS} ms, then ${HOLD_MS / 2} ms rolled back): ${okDuringHold} commands ok while ` +
      `open (the newest of them projected then: ${lastOkProjected}; /health/ready ${readyDuringHold}); ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 100_000);
