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

  constructor(
    private readonly sql: SqlClient,
    private readonly queue: DeadlineQueue,
    private readonly options: { pollMs?: number; batch?: number; log?: (m: string) => void } = {},
  ) {}

  start(): void {
    const loop = async () => {
      await this.drain().catch((e: unknown) => this.options.log?.(`deadline scheduler: ${String(e)}`));
      this.timer = setTimeout(loop, this.options.pollMs ?? 200);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
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

  private async drainAll(): Promise<number> {
    let moved = 0;
    do {
      this.again = false;
      for (;;) {
        const n = await this.drainBatch();
        moved += n;
        if (n === 0) break;
      }
    } while (this.again);
    return moved;
  }

  private async drainBatch(): Promise<number> {
    const rows = await this.sql.query<OutboxRow>(
      `SELECT seq::text AS seq, op, job_id, job_name, clock_id, n,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM deadline_outbox ORDER BY seq LIMIT $1::integer`,
      [this.options.batch ?? 1000],
    );
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
    if (rows.length > 0)
      await this.sql.query('DELETE FROM deadline_outbox WHERE seq = ANY($1::bigint[])', [
        rows.map((r) => r.seq),
      ]);
    return rows.length;
  }
}
