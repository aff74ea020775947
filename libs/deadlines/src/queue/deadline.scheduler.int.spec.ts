// Two schedulers (as in two worker processes: each its own connection pool) drain one outbox at
// once, against the real PostgreSQL and Redis. Redis must see every row once, in outbox order: an
// add overtaken by its own remove would leave a stopped clock's job behind.
import { randomBytes } from 'node:crypto';
import { PgClient, PgliteClient, type SqlClient } from '#event-store';
import { migrate } from '#projections';
import { deleteKeysWithPrefix, dropSchemas } from '../../../../test/support/cleanup.js';
import { DeadlineQueue, type PendingJob } from './deadline.queue.js';
import { DeadlineScheduler } from './deadline.scheduler.js';
import { deadlinesProjection } from './deadlines.projection.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `dls_${randomBytes(5).toString('hex')}`;
const prefix = `test-dls-${randomBytes(5).toString('hex')}`;

/** What Redis was told, in the order it was done. */
type Op = { op: 'add' | 'remove'; jobId: string };

/** The real queue, a little slow and uneven (0–3 ms a call), so two drainers would interleave. */
class SlowQueue extends DeadlineQueue {
  readonly log: Op[] = [];
  private readonly pause = () => new Promise((r) => setTimeout(r, Math.random() * 3));
  override async add(jobs: readonly PendingJob[], now?: number): Promise<void> {
    if (jobs.length === 0) return;
    await this.pause();
    await super.add(jobs, now);
    for (const j of jobs) this.log.push({ op: 'add', jobId: j.jobId });
  }
  override async remove(jobId: string): Promise<void> {
    await this.pause();
    await super.remove(jobId);
    this.log.push({ op: 'remove', jobId });
  }
}

let sqlA: PgClient;
let sqlB: PgClient;
let queue: SlowQueue;

beforeAll(async () => {
  sqlA = await PgClient.connect({ url: DATABASE_URL, schema });
  sqlB = await PgClient.connect({ url: DATABASE_URL, schema });
  await migrate(sqlA, [deadlinesProjection]);
  queue = new SlowQueue({ url: REDIS_URL, prefix });
});

afterAll(async () => {
  await queue?.close();
  await sqlA?.close();
  await sqlB?.close();
  await dropSchemas(schema);
  await deleteKeysWithPrefix(prefix);
});

/** 40 clocks opened and stopped: add then remove of each one's job, a year ahead. */
async function openedAndStopped(sql: SqlClient, name: string): Promise<string[]> {
  const at = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const jobIds = Array.from({ length: 40 }, (_, i) => `reminder-${name}${i}-1`);
  for (const jobId of jobIds) {
    await sql.query(
      `INSERT INTO deadline_outbox (op, job_id, job_name, clock_id, n, at)
       VALUES ('add', $1, 'reminder', $2, 1, $3::timestamptz), ('remove', $1, 'remove', $2, NULL, NULL)`,
      [jobId, jobId.slice('reminder-'.length, -2), at],
    );
  }
  return jobIds;
}

/** Drains with both schedulers at once, 20 times each; how many rows each moved. */
async function drainTogether(a: DeadlineScheduler, b: DeadlineScheduler): Promise<number> {
  const drained = async (s: DeadlineScheduler) => {
    let moved = 0;
    for (let i = 0; i < 20; i++) moved += await s.drain();
    return moved;
  };
  const [movedA, movedB] = await Promise.all([drained(a), drained(b)]);
  return movedA + movedB;
}

const opsOf = (jobId: string) => queue.log.filter((o) => o.jobId === jobId).map((o) => o.op);

it('two schedulers on one outbox: one drains at a time, every row reaches Redis once and in order', async () => {
  const jobIds = await openedAndStopped(sqlA, 'c');
  // Small batches: the drainers take turns many times.
  const a = new DeadlineScheduler(sqlA, queue, { batch: 3 });
  const b = new DeadlineScheduler(sqlB, queue, { batch: 3 });
  expect(await drainTogether(a, b)).toBe(80);
  expect(queue.log).toHaveLength(80);
  for (const jobId of jobIds) expect(opsOf(jobId)).toEqual(['add', 'remove']);
  expect(await queue.missing(jobIds)).toEqual(jobIds); // every stopped clock's job is gone
  expect((await sqlA.query<{ n: number }>('SELECT count(*)::int AS n FROM deadline_outbox'))[0].n).toBe(0);
});

it('two schedulers of one process on PGlite take turns without a transaction held across Redis', async () => {
  const sql = await PgliteClient.open({});
  try {
    await migrate(sql, [deadlinesProjection]);
    const jobIds = await openedAndStopped(sql, 'p');
    const options = { batch: 3 };
    const together = drainTogether(
      new DeadlineScheduler(sql, queue, options),
      new DeadlineScheduler(sql, queue, options),
    );
    expect(await together).toBe(80);
    for (const jobId of jobIds) expect(opsOf(jobId)).toEqual(['add', 'remove']);
    expect(await queue.missing(jobIds)).toEqual(jobIds);
  } finally {
    await sql.close();
  }
});
