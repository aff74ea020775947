import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createPgEventStore, formatPosition, PgClient, type PostgresEventStore } from '#event-store';
import { inProcessLocks, PROJECTIONS, ReadModels } from '#projections';
import { assigned, revised } from '#projections/testing';
import { DATABASE_URL } from '../support/stores.js';
import { dropSchemas } from '../support/cleanup.js';

// RELIABILITY.md, "exactly-once projection effect": kill -9 the worker mid-batch many times
// under load; the read models must equal a rebuild from zero. The worker runs as built by
// `npm run build` (swc, under a second), exactly as `npm run start:worker` runs it.
const KILLS = 12;
const live = `kill_${randomBytes(5).toString('hex')}`;
const rebuilt = `rebuild_${randomBytes(5).toString('hex')}`;
const env = {
  ...process.env,
  EVENT_STORE_URL: `${DATABASE_URL}?schema=${live}`,
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test',
  // Projections only: a deadline worker would append reminders for the fixtures' overdue clocks
  // and move the tail this test waits for.
  RUN_DEADLINES: 'false',
};

let store: PostgresEventStore;
let rebuiltSql: PgClient | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // dist/ is built once for the whole run by Jest's global setup (test/support/build-dist.js).
  store = await createPgEventStore({ url: DATABASE_URL, schema: live });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rebuiltSql?.close();
  await store?.close();
  await dropSchemas(live, rebuilt);
});

const startWorker = (): ChildProcess => {
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
};

/** Both checkpoints of the live schema, joined ('' before the worker made its tables). */
const checkpoints = async (): Promise<string> => {
  try {
    const rows = await store.sql.query<{ p: string }>(
      `SELECT name || '@' || commit::text || '-' || prepare::text AS p FROM projection_checkpoints ORDER BY name`,
    );
    return rows.map((r) => r.p).join(',');
  } catch {
    return '';
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs: number, what = ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met in time ${what}: ${await checkpoints()}`);
    await sleep(10);
  }
}

/** Appenders, each owning its documents, adding a new one or a revision to one of its own. */
function appendLoad(appenders: number) {
  let stopped = false;
  let appended = 0;
  const run = async () => {
    const docs: { id: string; revision: number }[] = [];
    while (!stopped) {
      if (docs.length === 0 || Math.random() < 0.15) {
        const id = randomUUID();
        await store.append(`draft-${id}`, [assigned(id, { title: `Quyết định số ${appended}` })], {
          expectedRevision: 'no-stream',
        });
        docs.push({ id, revision: 0 });
      } else {
        const doc = docs[Math.floor(Math.random() * docs.length)];
        const batch = [revised(doc.revision), revised(doc.revision + 1)];
        await store.append(`draft-${doc.id}`, batch, { expectedRevision: doc.revision });
        doc.revision += 2;
      }
      appended++;
      await sleep(15);
    }
  };
  const done = Promise.all(Array.from({ length: appenders }, run));
  return {
    stop: async () => {
      stopped = true;
      await done;
      return appended;
    },
  };
}

const digest = async (sql: { query: PgClient['query'] }, table: string, key: string) => {
  const [row] = await sql.query<{ n: string; md5: string }>(
    `SELECT count(*)::text AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.${key}), '')) AS md5 FROM ${table} t`,
  );
  return row;
};

it(`survives ${KILLS} kill -9 of the worker mid-projection: the read models equal a rebuild from zero`, async () => {
  const load = appendLoad(2);
  let killedAfterProgress = 0;
  for (let i = 0; i < KILLS; i++) {
    const before = await checkpoints();
    const worker = startWorker();
    // Kill once it has committed at least one batch, a few milliseconds into the next one.
    await until(async () => (await checkpoints()) !== before, 15_000)
      .then(() => killedAfterProgress++)
      .catch(() => undefined);
    await sleep(Math.random() * 30);
    worker.kill('SIGKILL');
    await once(worker, 'exit');
  }
  const appended = await load.stop();

  const [tail] = await store.sql.query<{ p: string }>(
    `SELECT commit_order::text || '-' || position::text AS p FROM events ORDER BY commit_order DESC, position DESC LIMIT 1`,
  );
  const catchUpStarted = Date.now();
  const last = startWorker();
  await until(
    async () =>
      (await checkpoints()) ===
      PROJECTIONS.map((p) => `${p.name}@${tail.p}`)
        .sort()
        .join(','),
    60_000,
    `catching up to ${tail.p}`,
  );
  const catchUpMs = Date.now() - catchUpStarted;
  last.kill('SIGTERM');
  const [code] = await once(last, 'exit');
  expect(code).toBe(0); // graceful: the batch in flight commits, then the process leaves

  rebuiltSql = await PgClient.connect({ url: DATABASE_URL, schema: rebuilt });
  const rebuild = new ReadModels({
    store,
    sql: rebuiltSql,
    locks: inProcessLocks,
    projections: PROJECTIONS,
    run: true,
  });
  const rebuildStarted = Date.now();
  await rebuild.start();
  const [commit, prepare] = tail.p.split('-').map(BigInt);
  const reached = await rebuild.waitForPosition({ commit, prepare }, 60_000);
  const rebuildMs = Date.now() - rebuildStarted;
  await rebuild.stop();
  expect(reached).toBe(true);

  const liveStatus = await digest(store.sql, 'document_status', 'id');
  const liveHistory = await digest(store.sql, 'document_history', 'event_id');
  console.log(
    `kill -9: ${KILLS} kills (${killedAfterProgress} after the worker had committed), ${appended} appends, ` +
      `${liveStatus.n} documents, ${liveHistory.n} history rows, tail ${formatPosition({ commit, prepare })}; ` +
      `last worker caught up in ${catchUpMs} ms, rebuild from zero ${rebuildMs} ms ` +
      `(${Math.round((Number(liveHistory.n) * 1000) / rebuildMs)} events/s)`,
  );
  expect(Number(liveHistory.n)).toBeGreaterThan(100);
  expect(killedAfterProgress).toBeGreaterThanOrEqual(KILLS / 2);
  expect(liveStatus).toEqual(await digest(rebuiltSql, 'document_status', 'id'));
  expect(liveHistory).toEqual(await digest(rebuiltSql, 'document_history', 'event_id'));
  const parked = await store.sql.query('SELECT 1 FROM projection_parked');
  expect(parked).toEqual([]);
}, 180_000);
