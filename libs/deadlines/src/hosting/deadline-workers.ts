import { Worker } from 'bullmq';
import type { AppConfig } from '#config';
import {
  activeRuleBook,
  connectionOf,
  DEADLINE_QUEUE,
  DeadlineQueue,
  DeadlineReconciler,
  DeadlineScheduler,
  ReminderProcessor,
  type DeadlineJobData,
  type DeadlineJobName,
  REMINDER_CONCURRENCY,
} from '#deadlines/queue';
import type { EventStore, SqlClient } from '#event-store';
import { DeadlineNotifier, Deliveries, smtpMailer } from '#notifications';
import type { DeadlineReads } from './deadline-reads.js';
import { deadlinePreflight } from './deadline-preflight.js';

export interface DeadlineWorkersOptions {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly sql: SqlClient;
  readonly reads: DeadlineReads;
  readonly log: (message: string) => void;
  /** Test seams. */
  readonly schedulerPollMs?: number;
  readonly concurrency?: number;
}

type DeadlineWorker = Worker<DeadlineJobData, unknown, DeadlineJobName>;

/**
 * The Redis side of deadlines in this process: the scheduler that turns open clocks into BullMQ
 * jobs, the reconciler that heals them, the workers that run them and the deliveries (e-mail,
 * webhooks) they cause. Built whole (nothing is filled in later); `start` checks the preflight
 * and starts them, `stop` lets running jobs finish and closes the queues.
 */
export class DeadlineWorkers {
  /** The deadline reminders' and escalations' queue (metrics, the dashboard, tests). */
  readonly queue: DeadlineQueue;
  /** The e-mail and webhook deliveries with their durable records. */
  readonly deliveries: Deliveries;
  private readonly processor: ReminderProcessor;
  private readonly scheduler: DeadlineScheduler;
  private readonly reconciler: DeadlineReconciler;
  private workers: DeadlineWorker[] = [];

  constructor(private readonly o: DeadlineWorkersOptions) {
    const { config, sql, reads, log } = o;
    const redis = { url: config.redisUrl, prefix: config.queuePrefix };
    const reconcileMs = config.deadlines.reconcileSeconds * 1000;
    const mailer = config.smtp.url ? smtpMailer(config.smtp.url, config.smtp.from) : undefined;
    this.deliveries = new Deliveries(
      redis,
      { sql, inbox: reads.inbox, directory: reads.directory, mailer },
      { reconcileMs, log },
    );
    this.queue = new DeadlineQueue(redis);
    const notifier = new DeadlineNotifier(sql, reads.directory, reads.inbox, this.deliveries);
    this.processor = new ReminderProcessor(sql, o.store, notifier, activeRuleBook());
    this.scheduler = new DeadlineScheduler(sql, this.queue, { pollMs: o.schedulerPollMs ?? 100, log });
    this.reconciler = new DeadlineReconciler(sql, this.queue, { intervalMs: reconcileMs, log });
  }

  /** After the tables exist: the preflight, then deliveries, scheduler, reconciler and a worker. */
  async start(): Promise<void> {
    await deadlinePreflight(this.o.config.redisUrl, this.o.sql, this.o.log);
    this.deliveries.startWorker();
    this.scheduler.start();
    this.reconciler.start();
    this.addWorker();
  }

  /** One more BullMQ worker on the deadline queue (tests start two to race them). */
  addWorker(): DeadlineWorker {
    const processor = this.processor;
    const worker: DeadlineWorker = new Worker(DEADLINE_QUEUE, (job, token) => processor.process(job, token), {
      connection: connectionOf(this.o.config.redisUrl),
      prefix: this.o.config.queuePrefix,
      concurrency: this.o.concurrency ?? REMINDER_CONCURRENCY,
    });
    worker.on('failed', (job, error) => this.o.log(`deadline job ${job?.id} failed: ${error.message}`));
    worker.on('error', (error) => this.o.log(`deadline worker: ${error.message}`));
    this.workers.push(worker);
    return worker;
  }

  /** Lets running jobs finish, then closes the queues (before the store and database close). */
  async stop(): Promise<void> {
    this.reconciler.stop();
    await this.scheduler.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    await this.queue.close();
    await this.deliveries.close();
  }
}
