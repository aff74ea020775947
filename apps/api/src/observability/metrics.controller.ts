import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DEADLINE_WORKERS, type DeadlineWorkers } from '#deadlines/hosting';
import {
  deadlineOutboxRows,
  projectionEventsBehind,
  projectionEventsHeldBack,
  projectionLag,
  projectionParked,
  queueDepth,
  redisUp,
  registry,
} from '#observability';
import { Public } from '../auth/auth.guard.js';
import { ReadinessProbe } from './readiness.js';

/**
 * Prometheus scrape target. Meant for the internal network: it exposes counts, never data.
 * Projection lag (real: events past the checkpoint, held-back ones included), parked events,
 * the deadline outbox and Redis's reachability are read by the readiness probe, and queue depth
 * from Redis, at scrape time, so every api process reports them, whichever process does the work.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly readiness: ReadinessProbe,
    @Inject(DEADLINE_WORKERS) private readonly deadlines: DeadlineWorkers | null,
  ) {}

  @Public()
  @Get()
  @Header('Content-Type', registry.contentType)
  async metrics(): Promise<string> {
    await Promise.all([this.projections(), this.queues()]);
    return registry.metrics();
  }

  // A source that cannot be read leaves its series as they were: the scrape itself must answer.
  private async projections(): Promise<void> {
    const readiness = await this.readiness.check().catch(() => undefined);
    for (const s of readiness?.readModels.projections ?? []) {
      projectionLag.set({ projection: s.name }, s.lagMs / 1000);
      projectionEventsBehind.set({ projection: s.name }, s.eventsBehind);
      projectionEventsHeldBack.set({ projection: s.name }, s.eventsHeldBack);
      projectionParked.set({ projection: s.name }, s.parked);
    }
    if (readiness?.outbox.rows !== undefined) deadlineOutboxRows.set(readiness.outbox.rows);
    if (readiness?.redis.checked) redisUp.set(readiness.redis.ok ? 1 : 0);
  }

  private async queues(): Promise<void> {
    const queue = this.deadlines?.queue.queue;
    if (!queue) return;
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => undefined);
    for (const [state, n] of Object.entries(counts ?? {})) queueDepth.set({ queue: queue.name, state }, n);
  }
}
