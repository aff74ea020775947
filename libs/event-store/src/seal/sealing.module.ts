import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { EVENT_STORE, type EventStore } from '../event-store.port.js';
import { sealingKeyFrom } from './keys.js';
import { SealingLoop, StoreSealer } from './sealer.js';

const RUN = Symbol('SEALING_RUN');

/** Seals the store every SEAL_INTERVAL_SECONDS while the app runs (when it hosts the loop and has a key). */
@Injectable()
class SealingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sealing');
  private loop: SealingLoop | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN) private readonly run: boolean,
  ) {}

  onApplicationBootstrap(): void {
    const { signingKey, intervalSeconds } = this.config.seal;
    if (!this.run || intervalSeconds === 0) return;
    if (!signingKey) {
      this.logger.warn('SEAL_SIGNING_KEY is not set: the store is not sealed');
      return;
    }
    const sealer = new StoreSealer(this.store, sealingKeyFrom(signingKey));
    this.loop = new SealingLoop(sealer, {
      intervalMs: intervalSeconds * 1000,
      onSeal: (p) =>
        this.logger.log(`seal ${p.sequence}: ${p.streams} streams at ${p.position}, root ${p.root}`),
      onError: (error) => this.logger.error(`sealing failed: ${String((error as Error)?.message ?? error)}`),
    });
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }
}

/** The sealing loop: `run` where this process hosts the store's background work. */
@Module({})
export class SealingModule {
  static forRoot(options: { run: boolean }): DynamicModule {
    return { module: SealingModule, providers: [{ provide: RUN, useValue: options.run }, SealingService] };
  }
}
