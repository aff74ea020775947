import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from './auth/auth.guard.js';
import { ReadinessProbe, type Readiness } from './observability/readiness.js';

export type { Readiness } from './observability/readiness.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessProbe) {}

  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Store, read models, each projection's real lag and parked events, the deadline outbox and
   * Redis (see ReadinessProbe); 503 with the reasons past any READY_* bound.
   */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (readiness.status !== 'ok') res.status(503).setHeader('Retry-After', '1');
    return readiness;
  }
}
