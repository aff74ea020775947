import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createEventStore, EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#config';

const OWNS_STORE = Symbol('OWNS_STORE');

/** Provides the configured event store (EVENT_STORE_URL), or a given one in tests, and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNS_STORE) private readonly owned: boolean,
  ) {}

  static forRoot(given?: EventStore): DynamicModule {
    const provider = given
      ? { provide: EVENT_STORE, useValue: given }
      : {
          provide: EVENT_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createEventStore(config.eventStoreUrl),
        };
    return {
      module: EventStoreModule,
      providers: [provider, { provide: OWNS_STORE, useValue: !given }],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // A store handed in (tests) belongs to whoever made it.
    if (this.owned) await this.store.close();
  }
}
