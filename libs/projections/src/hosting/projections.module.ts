import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { EVENT_STORE, type EventStore } from '#event-store';
import { deadlinesProjection } from '#deadlines';
import { documentHistoryProjection } from '../document-history/document-history.projection.js';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import { openReadModelDatabase } from '../read-model-database.js';
import { ReadModels } from '../read-models.js';

/** Injection token: the process's ReadModels, or null when the store has no SQL database. */
export const READ_MODELS = Symbol('READ_MODELS');

/** The live projections, in the order their runners start. */
export const PROJECTIONS = [
  documentStatusProjection,
  documentHistoryProjection,
  deadlinesProjection,
] as const;

const DATABASE = Symbol('READ_MODEL_DATABASE');

/**
 * Opens the read-model database, runs migrations and (when this process hosts them) starts the
 * runners on bootstrap; on shutdown each runner finishes its batch before the store closes.
 * Expects EVENT_STORE and APP_CONFIG from the application.
 */
@Global()
@Module({})
export class ProjectionsModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Projections');

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(DATABASE) private readonly database: Awaited<ReturnType<typeof openReadModelDatabase>> | null,
  ) {}

  /** `run` overrides RUN_PROJECTIONS (the worker always runs them). */
  static forRoot(options: { run?: boolean } = {}): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        {
          provide: DATABASE,
          inject: [APP_CONFIG, EVENT_STORE],
          useFactory: async (config: AppConfig, store: EventStore) =>
            (await openReadModelDatabase(config.readModelUrl, store)) ?? null,
        },
        {
          provide: READ_MODELS,
          inject: [APP_CONFIG, EVENT_STORE, DATABASE],
          useFactory: (
            config: AppConfig,
            store: EventStore,
            db: Awaited<ReturnType<typeof openReadModelDatabase>> | null,
          ) =>
            db &&
            new ReadModels({
              store,
              sql: db.sql,
              locks: db.locks,
              projections: PROJECTIONS,
              run: options.run ?? config.runProjections,
              runner: { log: (m) => Logger.warn(m, 'Projections') },
            }),
        },
      ],
      exports: [READ_MODELS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.readModels) {
      this.logger.warn('no SQL database for read models (in-memory store): list and history are unavailable');
      return;
    }
    await this.readModels.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.readModels?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.database?.owned) await this.database.sql.close();
  }
}
