import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule, type AppConfig } from '#config';
import { SealingModule, type EventStore } from '#event-store';
import { Clock, SystemClock } from './clock.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenService } from './auth/token.service.js';
import { DocumentsModule } from './documents/documents.module.js';
import { ReadSideModule } from './read-side/read-side.module.js';
import { RegistersModule } from './registers/registers.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './observability/metrics.controller.js';
import { ReadinessProbe } from './observability/readiness.js';
import { ProblemFilter } from './http/problem.filter.js';
import { EventStoreModule } from './store/event-store.module.js';
import { DeadlinesModule } from '#deadlines/hosting';
import { DeadlinesHttpModule } from './deadlines/deadlines-http.module.js';
import { NotificationsHttpModule } from './notifications/notifications.module.js';
import { AdminQueuesModule } from './admin-queues/admin-queues.module.js';
import { AdminProjectionsModule } from './admin-projections/admin-projections.module.js';
import { WebModule } from './web/web.module.js';
import { AuditModule } from './audit/audit.module.js';

export interface AppOptions {
  /** A store made by the caller (tests); otherwise EVENT_STORE_URL decides. */
  readonly store?: EventStore;
  /** A controlled clock (tests that need statutory periods to pass). */
  readonly clock?: Clock;
  /** Where log lines go (tests read them); standard output otherwise. */
  readonly logDestination?: NodeJS.WritableStream;
}

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(options.store),
        DocumentsModule,
        RegistersModule,
        ReportsModule,
        ReadSideModule,
        // The store's seals, here in embedded mode (the worker's in server mode).
        SealingModule.forRoot({ run: config.runProjections }),
        AuditModule,
        // Deadlines and notifications; their worker side runs here when RUN_DEADLINES says so.
        DeadlinesModule.forRoot(),
        DeadlinesHttpModule,
        NotificationsHttpModule,
        AdminQueuesModule,
        AdminProjectionsModule,
        WebModule,
      ],
      controllers: [HealthController, MetricsController],
      exports: [Clock, TokenService],
      providers: [
        TokenService,
        ReadinessProbe,
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
