import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { statutoryRules } from '#deadlines';
import { ruleBookFor, useRuleBook } from '#deadlines/queue';
import { EVENT_STORE, type EventStore } from '#event-store';
import { READ_MODELS, type ReadModels } from '#projections';
import { DeadlineReads } from './deadline-reads.js';
import { migrateDeadlineTables } from './deadline-tables.js';
import { DeadlineWorkers } from './deadline-workers.js';

/** Injection token: the process's DeadlineReads, or null without a read-model database. */
export const DEADLINES = Symbol('DEADLINES');
/** Injection token: the process's DeadlineWorkers, or null where the worker side does not run. */
export const DEADLINE_WORKERS = Symbol('DEADLINE_WORKERS');

/**
 * Deadlines and notifications in a Nest app, started in order on bootstrap: the tables, the
 * directory seed, then (where it runs) the worker side. `run` overrides RUN_DEADLINES (the worker
 * always runs them). Expects APP_CONFIG, EVENT_STORE and READ_MODELS (ProjectionsModule).
 */
@Global()
@Module({})
export class DeadlinesModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Deadlines');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(DEADLINES) private readonly reads: DeadlineReads | null,
    @Inject(DEADLINE_WORKERS) private readonly workers: DeadlineWorkers | null,
  ) {}

  static forRoot(options: { run?: boolean } = {}): DynamicModule {
    return {
      module: DeadlinesModule,
      providers: [
        {
          provide: DEADLINES,
          inject: [APP_CONFIG, READ_MODELS],
          useFactory: (config: AppConfig, readModels: ReadModels | null) => {
            // Set before the projection runners start (they start on bootstrap).
            // The statutory book with the unverified parameters configuration gives (README).
            const { rules, testScale, unverified } = config.deadlines;
            useRuleBook(rules === 'statutory' ? statutoryRules(unverified) : ruleBookFor(rules, testScale));
            return readModels ? new DeadlineReads(readModels.sql) : null;
          },
        },
        {
          provide: DEADLINE_WORKERS,
          inject: [APP_CONFIG, EVENT_STORE, READ_MODELS, DEADLINES],
          useFactory: (
            config: AppConfig,
            store: EventStore,
            readModels: ReadModels | null,
            reads: DeadlineReads | null,
          ) => {
            if (!readModels || !reads || !(options.run ?? config.deadlines.run)) return null;
            const log = (m: string) => Logger.warn(m, 'Deadlines');
            return new DeadlineWorkers({ config, store, sql: readModels.sql, reads, log });
          },
        },
      ],
      exports: [DEADLINES, DEADLINE_WORKERS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.readModels || !this.reads) {
      this.logger.warn('no SQL database for read models (in-memory store): deadlines are unavailable');
      return;
    }
    await migrateDeadlineTables(this.readModels.sql);
    await this.reads.seedDirectory(this.config.deadlines.userDirectoryFile);
    await this.workers?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers?.stop();
  }
}
