import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DEADLINES, type DeadlineRuntime } from '#notifications';
import { projectionLag, projectionParked, queueDepth, registry } from '#observability';
import { READ_MODELS, type ReadModels } from '#projections';
import { Public } from '../auth/auth.guard.js';

/**
 * Prometheus scrape target. Meant for the internal network: it exposes counts, never data.
 * Projection lag and parked events are read from the read-model database and queue depth from
 * Redis at scrape time, so every api process reports them, whichever process does the work.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(DEADLINES) private readonly deadlines: DeadlineRuntime | null,
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
    const statuses = await this.readModels?.status().catch(() => undefined);
    for (const s of statuses ?? []) {
      projectionLag.set({ projection: s.name }, s.lagMs / 1000);
      projectionParked.set({ projection: s.name }, s.parked);
    }
  }

  private async queues(): Promise<void> {
    const queue = this.deadlines?.queue?.queue;
    if (!queue) return;
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => undefined);
    for (const [state, n] of Object.entries(counts ?? {})) queueDepth.set({ queue: queue.name, state }, n);
  }
}
