// RELIABILITY.md, "faults to inject": `kill -STOP` of the worker under load, then `kill -CONT`.
// A stopped worker keeps its connections (and its projection locks) open and answers nothing;
// the api goes on taking commands. Once continued, the worker resumes by itself: every
// acknowledged command stored once, the read models at the store's tail and equal to a rebuild
// from zero, every opened clock escalated (reminders fell due while it was stopped), no reminder
// recorded twice.
import { randomBytes } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { deleteKeysWithPrefix, dropSchemas } from '../support/cleanup.js';
import { DATABASE_URL } from '../support/stores.js';
import { Processes, sleep } from './support/processes.js';
import { checkAfterFaults, startServerLoad, startServerMode } from './support/server-mode.js';

const STOPS = 2;
const tag = randomBytes(5).toString('hex');
const schema = `wstop_${tag}`;
const prefix = `test-wstop-${tag}`;
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

it('kill -STOP and -CONT of the worker under load: it resumes by itself, nothing lost or doubled', async () => {
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
  stoppers.push(async () => worker.child.kill('SIGCONT'));

  await sleep(2500);
  const okBefore = load.log.filter((r) => r.outcome === 'ok').length;
  for (let i = 0; i < STOPS; i++) {
    worker.child.kill('SIGSTOP');
    // Longer than a reminder's delay: jobs fall due while nobody takes them.
    await sleep(3500);
    worker.child.kill('SIGCONT');
    await sleep(1500);
    assertAlive();
  }
  const log = await load.stop();
  expect(okBefore).toBeGreaterThan(20);
  expect(log.filter((r) => r.outcome === 'ok').length - okBefore).toBeGreaterThan(20);

  const { violations, figures } = await checkAfterFaults(store, log, DATABASE_URL);
  assertAlive();
  console.log(
    `worker ${STOPS}× kill -STOP for 3.5 s: ${figures}; ${Date.now() - started} ms` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(20)}` : ''),
  );
  expect(violations).toEqual([]);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 100_000);
