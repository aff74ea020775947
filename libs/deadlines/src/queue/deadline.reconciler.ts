// Losing Redis loses no reminder: the reconciler compares the open clocks of the read model with
// the jobs Redis holds, by state, and puts back what will never run: a job absent, failed (its
// attempts ran out in an outage, or it stalled too often) or in no state. A job already due then
// runs at once, and the processor's re-check keeps a reminder from being sent twice.
import type { SqlClient } from '#event-store';
import { jobsOf } from '../deadline.jobs.js';
import type { DeadlineQueue, PendingJob } from './deadline.queue.js';
import { openClocksAfter } from './deadline.rows.js';
import { provisionalClocks } from './provisional.js';

export interface ReconcileResult {
  readonly openClocks: number;
  readonly pendingJobs: number;
  readonly recreated: number;
  /** Open clocks counted without holiday data for a year (weekends only). */
  readonly provisional: number;
}

export class DeadlineReconciler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly queue: DeadlineQueue,
    private readonly options: { intervalMs: number; page?: number; log?: (m: string) => void },
  ) {}

  /** Reconciles now, then every interval. */
  start(): void {
    const loop = async () => {
      try {
        const r = await this.reconcile();
        if (r.recreated > 0)
          this.options.log?.(`deadline reconciler: re-created ${r.recreated} missing jobs`);
      } catch (error) {
        this.options.log?.(`deadline reconciler: ${String(error)}`);
      }
      if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One pass over every open clock, a page at a time. */
  async reconcile(): Promise<ReconcileResult> {
    const page = this.options.page ?? 2000;
    let after = '';
    let openClocks = 0;
    let pendingJobs = 0;
    let recreated = 0;
    let provisional = 0;
    for (;;) {
      const clocks = await openClocksAfter(this.sql, after, page);
      if (clocks.length === 0) break;
      after = clocks[clocks.length - 1].clockId;
      openClocks += clocks.length;
      provisional += clocks.filter((c) => c.provisional !== undefined).length;
      const jobs: PendingJob[] = clocks.flatMap(jobsOf).map((j) => ({
        jobId: j.jobId,
        name: j.kind,
        clockId: j.clockId,
        ...(j.kind === 'reminder' && { n: j.n }),
        at: j.at,
      }));
      pendingJobs += jobs.length;
      const states = new Map(
        (await this.queue.lost(jobs.map((j) => j.jobId))).map((j) => [j.jobId, j.state]),
      );
      const lost = jobs.filter((j) => states.has(j.jobId));
      const stale = lost.filter((j) => states.get(j.jobId) !== 'missing').map((j) => j.jobId);
      await this.queue.replace(lost, stale);
      recreated += lost.length;
    }
    provisionalClocks.set(provisional);
    return { openClocks, pendingJobs, recreated, provisional };
  }
}
