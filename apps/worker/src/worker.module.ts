import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, APP_CONFIG, type AppConfig } from '#config';
import { createEventStore, EVENT_STORE, SealingModule, type EventStore } from '#event-store';
import { ProjectionsModule } from '#projections';
import { DeadlinesModule } from '#deadlines/hosting';

/** The configured store for the worker's modules; closed after they have stopped. */
@Global()
@Module({})
class WorkerStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(): DynamicModule {
    return {
      module: WorkerStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createEventStore(config.eventStoreUrl),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Server mode's background process: the projection runners (always run here, whatever RUN_PROJECTIONS says). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        WorkerStoreModule.forRoot(),
        ProjectionsModule.forRoot({ run: true }),
        // Seals the store every SEAL_INTERVAL_SECONDS (several workers race harmlessly).
        SealingModule.forRoot({ run: true }),
        // The deadline scheduler, reminder processor and reconciler (here unless RUN_DEADLINES=false).
        DeadlinesModule.forRoot({ run: config.deadlines.runInWorker }),
      ],
    };
  }
}
