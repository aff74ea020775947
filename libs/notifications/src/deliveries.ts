// E-mails and webhooks leave through their own BullMQ queue: each delivery retries with backoff
// on its own, and a slow mail server never holds up a reminder or its DeadlineReminderSent.
// PostgreSQL's delivery record is the truth (delivery.records.ts); a job re-checks it first and
// marks it sent before it acknowledges, so a job run again, re-created or re-enqueued sends once.
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import type { SqlClient } from '#event-store';
import { connectionOf, type RedisSettings } from '#deadlines/queue';
import { PermanentDeliveryError } from './delivery.errors.js';
import { DeliveryReconciler } from './delivery.reconciler.js';
import {
  DeliveryRecords,
  deliveryJobId,
  deliveryJobOf,
  type DeliveryJob,
  type DeliveryRow,
} from './delivery.records.js';
import type { UserDirectory } from './directory.js';
import { renderEmail, type Mailer } from './email.js';
import type { Inbox } from './inbox.js';
import { postWebhook } from './webhook.js';

export const DELIVERY_QUEUE = 'deliveries';
export type { DeliveryJob } from './delivery.records.js';
type DeliveryName = 'email' | 'webhook';

/** Longer than a send may take (webhook 10 s, SMTP bounded in email.ts). */
const LEASE_MS = 60_000;

export interface DeliveryOptions {
  /** The first retry's delay; each later one doubles it (6 attempts). */
  readonly retryDelayMs?: number;
  /** How often pending deliveries are compared with Redis (default 60 s). */
  readonly reconcileMs?: number;
  readonly log?: (message: string) => void;
}

export class Deliveries {
  readonly queue: Queue<DeliveryJob, unknown, DeliveryName>;
  readonly records: DeliveryRecords;
  readonly reconciler: DeliveryReconciler;
  private worker: Worker<DeliveryJob, unknown, DeliveryName> | undefined;
  private readonly jobOptions: JobsOptions;

  constructor(
    private readonly redis: RedisSettings,
    private readonly deps: { sql: SqlClient; inbox: Inbox; directory: UserDirectory; mailer?: Mailer },
    private readonly options: DeliveryOptions = {},
  ) {
    this.queue = new Queue(DELIVERY_QUEUE, { connection: connectionOf(redis.url), prefix: redis.prefix });
    this.records = new DeliveryRecords(deps.sql);
    this.jobOptions = {
      attempts: 6,
      backoff: { type: 'exponential', delay: options.retryDelayMs ?? 2000 },
      removeOnComplete: { age: 86_400 },
      removeOnFail: { age: 7 * 86_400 },
    };
    this.reconciler = new DeliveryReconciler(this.records, this, {
      intervalMs: options.reconcileMs ?? 60_000,
      log: options.log,
    });
  }

  get mails(): boolean {
    return this.deps.mailer !== undefined;
  }

  /** Schedules the pending ones of `rows` (a row already scheduled, by its job id, stays as it is). */
  async enqueue(rows: readonly DeliveryRow[]): Promise<void> {
    const pending = rows.filter((r) => r.status === 'pending');
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((r) => ({
        name: r.channel,
        data: deliveryJobOf(r),
        opts: { ...this.jobOptions, jobId: deliveryJobId(r) },
      })),
    );
  }

  /** Starts the worker and the reconciler (at once, then every interval). */
  startWorker(): void {
    this.worker = new Worker(DELIVERY_QUEUE, (job) => this.deliver(job), {
      connection: connectionOf(this.redis.url),
      prefix: this.redis.prefix,
      concurrency: 4,
    });
    // Connection errors retry by themselves; said, not thrown.
    this.worker.on('error', (error) => this.options.log?.(`delivery worker: ${error.message}`));
    this.reconciler.start();
  }

  /** One attempt: re-checks the record, sends, marks it sent before the job is acknowledged. */
  async deliver(job: Job<DeliveryJob, unknown, DeliveryName>): Promise<string> {
    const row = await this.records.ofJob(job.data);
    if (!row) return 'skipped';
    const claimed = await this.records.claim(row.id, LEASE_MS);
    if (claimed === 'done') return 'skipped'; // sent, or failed for good, already
    if (claimed === 'busy') throw new Error(`delivery ${row.id} is being attempted elsewhere`);
    try {
      await this.send(claimed);
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const message = error instanceof Error ? error.message : String(error);
      await this.records.markFailed(row.id, message, permanent);
      throw permanent ? new UnrecoverableError(message) : error;
    }
    await this.records.markSent(row.id);
    return 'sent';
  }

  private async send(d: DeliveryRow): Promise<void> {
    if (d.channel === 'email') {
      const n = d.notificationId === null ? undefined : await this.deps.inbox.byId(d.notificationId);
      const user = n && (await this.deps.directory.get(n.userId));
      if (!n || !user?.email) throw new PermanentDeliveryError(`no e-mail address for ${d.recipient}`);
      if (!this.deps.mailer) throw new PermanentDeliveryError('no SMTP server configured (SMTP_URL)');
      await this.deps.mailer.send(renderEmail(n, { email: user.email, displayName: user.displayName }));
      return;
    }
    const hook = await this.deps.directory.webhook(d.recipient);
    if (!hook) throw new PermanentDeliveryError(`agency ${d.recipient} has no webhook any more`);
    await postWebhook(hook.url, hook.secret, d.payload!);
  }

  async close(): Promise<void> {
    this.reconciler.stop();
    await this.worker?.close();
    await this.queue.close();
    this.deps.mailer?.close();
  }
}
