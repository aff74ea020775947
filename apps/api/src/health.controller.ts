import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { EVENT_STORE, type EventStore } from '#event-store';
import { READ_MODELS, type ProjectionStatus, type ReadModels } from '#projections';
import { Public } from './auth/auth.guard.js';

type Check = { ok: boolean; error?: string };

export interface Readiness {
  status: 'ok' | 'unavailable';
  /** Why it is not ready: one sentence per bound crossed or check failed. */
  reasons: string[];
  store: Check;
  readModels: Check & { projections?: ProjectionStatus[] };
}

const failed = (error: unknown): Check => ({
  ok: false,
  error: error instanceof Error ? error.name : 'Error', // no messages: they may name hosts
});

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Store and read models reachable, and each projection's lag and parked events; 503 if not. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const store = await this.store.readAll({ limit: 1 }).then(() => ({ ok: true }), failed);
    const readModels = this.readModels
      ? await this.readModels.status().then((projections) => ({ ok: true, projections }), failed)
      : { ok: false, error: 'no SQL database for read models' };
    const reasons: string[] = [];
    if (!store.ok) reasons.push('the event store cannot be read');
    if (!readModels.ok) reasons.push('the read models cannot be read');
    const bounds = this.config.readiness;
    for (const p of 'projections' in readModels ? (readModels.projections ?? []) : []) {
      if (p.parked > bounds.maxParkedEvents)
        reasons.push(
          `${p.name}: ${p.parked} parked event(s) (READY_MAX_PARKED_EVENTS=${bounds.maxParkedEvents})`,
        );
    }
    const ok = reasons.length === 0;
    if (!ok) res.status(503).setHeader('Retry-After', '1');
    return { status: ok ? 'ok' : 'unavailable', reasons, store, readModels };
  }
}
