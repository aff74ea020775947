// Everything deadlines need in one process, started and stopped in order. The api hosts it in
// embedded mode (and in tests); apps/worker hosts it in server mode. Where it does not run, the
// api still reads the deadlines, the inbox and the directory from SQL.
import { Worker } from 'bullmq';
import type { AppConfig } from '#config';
import { holidayDataCoverage, type Clock } from '#deadlines';
import type { EventStore, SqlClient } from '#event-store';
import { migrate } from '#projections';
import {
  activeRuleBook,
  assertNoEviction,
  clocksOfDocument,
  connectionOf,
  DEADLINE_QUEUE,
  DeadlineQueue,
  DeadlineReconciler,
  deadlinesProjection,
  DeadlineScheduler,
  recomputeProvisionalClocks,
  ReminderProcessor,
  type DeadlineJobData,
  type DeadlineJobName,
} from '../../../deadlines/src/queue/index.js';
import { DeadlineNotifier } from '../deadline.notifier.js';
import { Deliveries } from '../deliveries.js';
import { readDirectoryFile, UserDirectory } from '../directory.js';
import { smtpMailer } from '../email.js';
import { Inbox } from '../inbox.js';

export interface RuntimeOptions {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly sql: SqlClient;
  readonly run: boolean;
  readonly log: (message: string) => void;
  /** Test seams. */
  readonly schedulerPollMs?: number;
  readonly concurrency?: number;
}

export class DeadlineRuntime {
  readonly directory: UserDirectory;
  readonly inbox: Inbox;
  queue: DeadlineQueue | undefined;
  scheduler: DeadlineScheduler | undefined;
  reconciler: DeadlineReconciler | undefined;
  deliveries: Deliveries | undefined;
  processor: ReminderProcessor | undefined;
  private workers: Worker<DeadlineJobData, unknown, DeadlineJobName>[] = [];

  constructor(private readonly o: RuntimeOptions) {
    this.directory = new UserDirectory(o.sql);
    this.inbox = new Inbox(o.sql);
  }

  /** Every clock of a document (the deadlines read model), oldest first. */
  clocksOf(documentId: string): Promise<Clock[]> {
    return clocksOfDocument(this.o.sql, documentId);
  }

  get sql(): SqlClient {
    return this.o.sql;
  }

  /** Tables, directory seed and (when hosted here) the Redis side. */
  async start(): Promise<void> {
    const { config, sql } = this.o;
    await sql.transaction(async (tx) => {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext('draftline-notifications:' || current_schema())::bigint)`,
      );
      for (const statement of [...UserDirectory.ddl, ...Inbox.ddl]) await tx.query(statement);
    });
    await migrate(sql, [deadlinesProjection]);
    const file = config.deadlines.userDirectoryFile;
    if (file) await this.directory.seed(readDirectoryFile(file));
    if (!this.o.run) return;

    await this.provisionalClocks();
    await assertNoEviction(config.redisUrl);
    const redis = { url: config.redisUrl, prefix: config.queuePrefix };
    const mailer = config.smtp.url ? smtpMailer(config.smtp.url, config.smtp.from) : undefined;
    this.deliveries = new Deliveries(
      redis,
      { sql, inbox: this.inbox, directory: this.directory, mailer },
      { reconcileMs: config.deadlines.reconcileSeconds * 1000, log: this.o.log },
    );
    this.deliveries.startWorker();
    this.queue = new DeadlineQueue(redis);
    const notifier = new DeadlineNotifier(sql, this.directory, this.inbox, this.deliveries);
    this.processor = new ReminderProcessor(sql, this.o.store, notifier, activeRuleBook());
    this.scheduler = new DeadlineScheduler(sql, this.queue, {
      pollMs: this.o.schedulerPollMs ?? 100,
      log: this.o.log,
    });
    this.reconciler = new DeadlineReconciler(sql, this.queue, {
      intervalMs: config.deadlines.reconcileSeconds * 1000,
      log: this.o.log,
    });
    this.scheduler.start();
    this.reconciler.start();
    this.addWorker();
  }

  /**
   * Warns when the holiday data runs out within months (or has), and computes again the clocks
   * counted without it once this release's calendar covers their year (before the scheduler
   * starts, so their moved jobs go out with the first drain).
   */
  private async provisionalClocks(): Promise<void> {
    const coverage = holidayDataCoverage(new Date());
    if (coverage.status !== 'ok') this.o.log(`deadlines: ${coverage.message}`);
    const { provisional, recomputed } = await recomputeProvisionalClocks(this.o.sql, activeRuleBook());
    if (recomputed > 0)
      this.o.log(`deadlines: ${recomputed} provisional clocks computed again with the new holiday data`);
    if (provisional > recomputed)
      this.o.log(`deadlines: ${provisional - recomputed} open clocks still counted without holiday data`);
  }

  /** One more BullMQ worker on the deadline queue (tests start two to race them). */
  addWorker(): Worker<DeadlineJobData, unknown, DeadlineJobName> {
    const processor = this.processor!;
    const worker = new Worker<DeadlineJobData, unknown, DeadlineJobName>(
      DEADLINE_QUEUE,
      (job, token) => processor.process(job, token),
      {
        connection: connectionOf(this.o.config.redisUrl),
        prefix: this.o.config.queuePrefix,
        concurrency: this.o.concurrency ?? 16,
      },
    );
    worker.on('failed', (job, error) => this.o.log(`deadline job ${job?.id} failed: ${error.message}`));
    worker.on('error', (error) => this.o.log(`deadline worker: ${error.message}`));
    this.workers.push(worker);
    return worker;
  }

  /** Lets running jobs finish, then closes the queues (before the store and database close). */
  async stop(): Promise<void> {
    this.reconciler?.stop();
    await this.scheduler?.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    await this.queue?.close();
    await this.deliveries?.close();
  }
}
