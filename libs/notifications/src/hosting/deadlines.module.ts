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
import { EVENT_STORE, type EventStore } from '#event-store';
import { READ_MODELS, type ReadModels } from '#projections';
import { ruleBookFor, useRuleBook } from '../../../deadlines/src/queue/index.js';
import { DeadlineRuntime } from './deadline-runtime.js';

/** Injection token: the process's DeadlineRuntime, or null without a read-model database. */
export const DEADLINES = Symbol('DEADLINES');

/**
 * Deadlines and notifications in a Nest app. `run` overrides RUN_DEADLINES (the worker always
 * runs them). Expects APP_CONFIG, EVENT_STORE and READ_MODELS (ProjectionsModule) from the app.
 */
@Global()
@Module({})
export class DeadlinesModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Deadlines');

  constructor(@Inject(DEADLINES) private readonly runtime: DeadlineRuntime | null) {}

  static forRoot(options: { run?: boolean } = {}): DynamicModule {
    return {
      module: DeadlinesModule,
      providers: [
        {
          provide: DEADLINES,
          inject: [APP_CONFIG, EVENT_STORE, READ_MODELS],
          useFactory: (config: AppConfig, store: EventStore, readModels: ReadModels | null) => {
            // Set before the projection runners start (they start on bootstrap).
            useRuleBook(ruleBookFor(config.deadlines.rules, config.deadlines.testScale));
            if (!readModels) return null;
            const log = (m: string) => Logger.warn(m, 'Deadlines');
            return new DeadlineRuntime({
              config,
              store,
              sql: readModels.sql,
              run: options.run ?? config.deadlines.run,
              log,
            });
          },
        },
      ],
      exports: [DEADLINES],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime) {
      this.logger.warn('no SQL database for read models (in-memory store): deadlines are unavailable');
      return;
    }
    await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime?.stop();
  }
}
