// Drains the deadlines projection's outbox into Redis. Scheduled from the projection's commits,
// never from command handlers: a crash between append and enqueue would otherwise lose the
// reminder. A crash between enqueue and the outbox delete repeats an idempotent add or remove.
import type { SqlClient } from '#event-store';
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
   * Drains in batches, pipelined: the next batch is read while this one goes to Redis, and a
   * batch's outbox rows are deleted while the next one goes to Redis. Redis sees the batches in
   * seq order, one at a time, so a remove never overtakes the add before it.
   */
  private async drainAll(): Promise<number> {
    let moved = 0;
    do {
      this.again = false;
      let deleting: Promise<unknown> = Promise.resolve();
      try {
        let rows = await this.fetch('0');
        while (rows.length > 0) {
          const next = this.fetch(rows[rows.length - 1].seq);
          next.catch(() => undefined); // awaited below; a failure surfaces there
          try {
            await this.toRedis(rows);
            await deleting;
          } catch (error) {
            await next.catch(() => undefined);
            throw error;
          }
          deleting = this.delete(rows);
          deleting.catch(() => undefined); // awaited before the next delete and at the end
          moved += rows.length;
          rows = await next;
        }
      } finally {
        await deleting.catch(() => undefined);
      }
      await deleting;
    } while (this.again);
    return moved;
  }

  /**
   * The next batch of outbox rows after `after` (a seq), in seq order. ORDER BY names the table's
   * column: the output alias `seq` is text, and sorting by it put "10" before "9".
   */
  private fetch(after: string): Promise<OutboxRow[]> {
    return this.sql.query<OutboxRow>(
      `SELECT seq::text AS seq, op, job_id, job_name, clock_id, n,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM deadline_outbox WHERE seq > $1::bigint
        ORDER BY deadline_outbox.seq LIMIT $2::integer`,
      [after, this.options.batch ?? 1000],
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

  private async delete(rows: readonly OutboxRow[]): Promise<void> {
    await this.sql.query('DELETE FROM deadline_outbox WHERE seq = ANY($1::bigint[])', [
      rows.map((r) => r.seq),
    ]);
  }
}
