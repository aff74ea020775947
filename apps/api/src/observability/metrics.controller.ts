import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { registry } from '#observability';
import { Public } from '../auth/auth.guard.js';

/** Prometheus scrape target. Meant for the internal network: it exposes counts, never data. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('Content-Type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
