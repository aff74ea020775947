// A delivery whose job is gone or has given up is scheduled again: the reconciler reads the
// pending rows of PostgreSQL and each one's job state in Redis. It goes by state, not by key: a
// failed job still holds its id, so adding it again would be a no-op; it is removed first.
import type { Deliveries } from './deliveries.js';
import { deliveryJobId, type DeliveryRecords, type DeliveryRow } from './delivery.records.js';

/** States in which a job will still run by itself. */
const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface DeliveryReconcileResult {
  readonly pending: number;
  readonly rescheduled: number;
}

export class DeliveryReconciler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly records: DeliveryRecords,
    private readonly deliveries: Pick<Deliveries, 'queue' | 'enqueue'>,
    private readonly options: { intervalMs: number; page?: number; log?: (m: string) => void },
  ) {}

  /** Reconciles now, then every interval. */
  start(): void {
    const loop = async () => {
      try {
        const r = await this.reconcile();
        if (r.rescheduled > 0)
          this.options.log?.(`delivery reconciler: rescheduled ${r.rescheduled} pending deliveries`);
      } catch (error) {
        this.options.log?.(`delivery reconciler: ${String(error)}`);
      }
      if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One pass over every pending delivery, a page at a time. */
  async reconcile(): Promise<DeliveryReconcileResult> {
    const page = this.options.page ?? 500;
    let after = '0';
    let pending = 0;
    let rescheduled = 0;
    for (;;) {
      const rows = await this.records.pendingAfter(after, page);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      pending += rows.length;
      const lost = await this.lostOf(rows);
      await this.deliveries.enqueue(lost);
      rescheduled += lost.length;
    }
    return { pending, rescheduled };
  }

  /** The rows whose job is missing, failed or finished (while the row still says pending). */
  private async lostOf(rows: readonly DeliveryRow[]): Promise<DeliveryRow[]> {
    const { queue } = this.deliveries;
    const states = await Promise.all(rows.map((r) => queue.getJobState(deliveryJobId(r))));
    const lost: DeliveryRow[] = [];
    for (const [i, row] of rows.entries()) {
      if (LIVE.has(states[i])) continue;
      if (states[i] !== 'unknown') {
        try {
          await queue.remove(deliveryJobId(row));
        } catch {
          continue; // taken by a worker meanwhile (locked): it runs
        }
      }
      lost.push(row);
    }
    return lost;
  }
}
