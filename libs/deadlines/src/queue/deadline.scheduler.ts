// Drains the deadlines projection's outbox into Redis. Scheduled from the projection's commits,
// never from command handlers: a crash between append and enqueue would otherwise lose the
// reminder. A crash between enqueue and the outbox delete repeats an idempotent add or remove.
// One drainer at a time, across processes (a transaction-scoped advisory lock per batch).
import { PgClient, type SqlClient } from '#event-store';
import type { DeadlineJobName, DeadlineQueue, PendingJob } from './deadline.queue.js';

interface OutboxRow {
  seq: string;
  op: 'add' | 'remove';
  job_id: string;
  job_name: string;
  clock_id: string;
  n: number | null;
  at: string | null;
}

/** The outbox's lock, per schema (two deployments in one database do not block each other). */
const OUTBOX_LOCK = `hashtext('draftline-deadline-outbox:' || current_schema())::bigint`;

/**
 * Takes the outbox's lock for this transaction, or answers false at once when another holds it.
 * A transaction-scoped advisory lock: a drainer that dies (or loses its connection) frees it with
 * its transaction, and nothing outlives the batch.
 */
async function tryOutboxLock(tx: SqlClient): Promise<boolean> {
  const [row] = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${OUTBOX_LOCK}) AS ok`);
  return row?.ok === true;
}

/** Per database client: drainers of one process over PGlite (one connection) queue here instead. */
const inProcess = new WeakMap<SqlClient, Promise<unknown>>();

/**
 * Runs a batch in a transaction on PostgreSQL. On PGlite, whose one connection every query of the
 * process shares, a transaction held across a Redis call would stall them all (for ever, if Redis
 * is down): there one process owns the database, and an in-process queue is the lock.
 */
function exclusively<T>(sql: SqlClient, batch: (tx: SqlClient) => Promise<T>): Promise<T> {
  if (sql instanceof PgClient) return sql.transaction(batch);
  const previous = inProcess.get(sql) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => batch(sql));
  inProcess.set(sql, next);
  return next;
}

const pendingOf = (r: OutboxRow): PendingJob => ({
  jobId: r.job_id,
  name: r.job_name as DeadlineJobName,
  clockId: r.clock_id,
  ...(r.n !== null && { n: r.n }),
  at: r.at!,
});

export class DeadlineScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly sql: SqlClient,
    private readonly queue: DeadlineQueue,
    private readonly options: { pollMs?: number; batch?: number; log?: (m: string) => void } = {},
  ) {}

  start(): void {
    this.stopped = false;
    const loop = async () => {
      await this.drain().catch((e: unknown) => this.options.log?.(`deadline scheduler: ${String(e)}`));
      // A stop() during the drain must not be undone by re-arming the timer.
      if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs ?? 200);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Called after the projection commits: drain now rather than at the next poll. */
  wake(): void {
    if (this.running) this.again = true;
    else void this.drain().catch((e: unknown) => this.options.log?.(`deadline scheduler: ${String(e)}`));
  }

  /** Moves every outbox row to Redis, in order; resolves with how many it moved. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Drains batch by batch, each in a transaction that first takes the outbox's advisory lock
   * (without waiting): one drainer at a time across every process, so Redis sees the rows once
   * and in seq order, and a remove never overtakes the add before it. A batch reaches Redis
   * before its rows are deleted in the same transaction; a crash in between repeats idempotent
   * adds and removes. When another process holds the lock, it drains (and this one's next poll
   * looks again).
   */
  private async drainAll(): Promise<number> {
    let moved = 0;
    do {
      this.again = false;
      for (;;) {
        const n = await exclusively(this.sql, (tx) => this.drainBatch(tx));
        if (n === undefined) return moved;
        moved += n;
        if (n === 0) break;
      }
    } while (this.again);
    return moved;
  }

  /** One batch, under the lock: undefined when another drainer holds it. */
  private async drainBatch(tx: SqlClient): Promise<number | undefined> {
    if (!(await tryOutboxLock(tx))) return undefined;
    const rows = await this.fetch(tx);
    if (rows.length === 0) return 0;
    await this.toRedis(rows);
    await tx.query('DELETE FROM deadline_outbox WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)]);
    return rows.length;
  }

  /**
   * The first batch of outbox rows, in seq order. ORDER BY names the table's column: the output
   * alias `seq` is text, and sorting by it put "10" before "9".
   */
  private fetch(tx: SqlClient): Promise<OutboxRow[]> {
    return tx.query<OutboxRow>(
      `SELECT seq::text AS seq, op, job_id, job_name, clock_id, n,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM deadline_outbox ORDER BY deadline_outbox.seq LIMIT $1::integer`,
      [this.options.batch ?? 1000],
    );
  }

  private async toRedis(rows: readonly OutboxRow[]): Promise<void> {
    // Consecutive adds go in one addBulk; a remove waits for the adds before it (order matters
    // when a clock opens and stops within one batch).
    let adds: PendingJob[] = [];
    for (const row of rows) {
      if (row.op === 'add') {
        adds.push(pendingOf(row));
        continue;
      }
      await this.queue.add(adds);
      adds = [];
      await this.queue.remove(row.job_id);
    }
    await this.queue.add(adds);
  }
}
