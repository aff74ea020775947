// E-mails and webhooks leave through their own BullMQ queue: each delivery retries with backoff
// on its own, and a slow mail server never holds up a reminder or its DeadlineReminderSent.
import { Queue, Worker, type Job } from 'bullmq';
import type { SqlClient } from '#event-store';
import { clockById, connectionOf, type RedisSettings } from '../../deadlines/src/queue/index.js';
import type { UserDirectory } from './directory.js';
import { renderEmail, type Mailer } from './email.js';
import type { Inbox } from './inbox.js';
import { postWebhook } from './webhook.js';

export const DELIVERY_QUEUE = 'deliveries';

/** Ids only: the delivery re-reads what it sends. */
export type DeliveryJob =
  | { readonly notificationId: string }
  | { readonly key: string; readonly clockId: string; readonly agency: string };
type DeliveryName = 'email' | 'webhook';

const OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 86_400 },
};

export class Deliveries {
  readonly queue: Queue<DeliveryJob, unknown, DeliveryName>;
  private worker: Worker<DeliveryJob, unknown, DeliveryName> | undefined;

  constructor(
    private readonly redis: RedisSettings,
    private readonly deps: { sql: SqlClient; inbox: Inbox; directory: UserDirectory; mailer?: Mailer },
    private readonly retryDelayMs = 2000,
  ) {
    this.queue = new Queue(DELIVERY_QUEUE, { connection: connectionOf(redis.url), prefix: redis.prefix });
  }

  get mails(): boolean {
    return this.deps.mailer !== undefined;
  }

  async email(notificationId: string): Promise<void> {
    const opts = { ...OPTIONS, backoff: { type: 'exponential', delay: this.retryDelayMs } };
    await this.queue.add('email', { notificationId }, { ...opts, jobId: `email-${notificationId}` });
  }

  async webhook(key: string, clockId: string, agency: string): Promise<void> {
    const opts = { ...OPTIONS, backoff: { type: 'exponential', delay: this.retryDelayMs } };
    await this.queue.add('webhook', { key, clockId, agency }, { ...opts, jobId: `webhook-${key}-${agency}` });
  }

  startWorker(): void {
    this.worker = new Worker(DELIVERY_QUEUE, (job) => this.deliver(job), {
      connection: connectionOf(this.redis.url),
      prefix: this.redis.prefix,
      concurrency: 4,
    });
    this.worker.on('error', () => undefined); // connection errors retry by themselves
  }

  async deliver(job: Job<DeliveryJob, unknown, DeliveryName>): Promise<string> {
    const data = job.data;
    if ('notificationId' in data) {
      const n = await this.deps.inbox.byId(data.notificationId);
      const user = n && (await this.deps.directory.get(n.userId));
      if (!n || !user?.email || !this.deps.mailer) return 'skipped';
      await this.deps.mailer.send(renderEmail(n, { email: user.email, displayName: user.displayName }));
      return 'sent';
    }
    const hook = await this.deps.directory.webhook(data.agency);
    const clock = await clockById(this.deps.sql, data.clockId);
    if (!hook || !clock) return 'skipped';
    const type = data.key.endsWith('.escalation') ? 'deadline.missed' : 'deadline.reminder';
    const { documentId, clockId, name, dueAt } = clock;
    await postWebhook(hook.url, hook.secret, {
      type,
      key: data.key,
      documentId,
      clockId,
      clock: name,
      dueAt,
    });
    return 'sent';
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.deps.mailer?.close();
  }
}
