import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  READ_MODELS,
  type ParkedEvent,
  type Projection,
  type ReadModels,
  type ReplayOutcome,
} from '#projections';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { parseUuid } from '../http/request-headers.js';
import { readModelsOrUnavailable } from '../read-side/consistency.js';

const PROJECTION_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Events a projection parked (a deterministic error after its retries): listed, replayed (applied
 * again and un-parked on success) or skipped, by an admin. The same operations as
 * `npm run projections:parked`, for a running embedded install whose database only the api opens.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/projections')
export class AdminProjectionsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels | null) {}

  @Get('parked')
  async list(
    @CurrentUser() actor: Principal,
    @Query('projection') projection?: string,
  ): Promise<{ parked: ParkedEvent[] }> {
    const rm = this.authorize(actor);
    if (projection !== undefined) this.projectionOf(rm, projection);
    return { parked: await rm.parked(projection) };
  }

  @Post(':projection/parked/replay')
  @HttpCode(200)
  async replayAll(
    @CurrentUser() actor: Principal,
    @Param('projection') name: string,
  ): Promise<{ outcomes: ReplayOutcome[] }> {
    const rm = this.authorize(actor);
    return { outcomes: await rm.replayParked(this.projectionOf(rm, name)) };
  }

  @Post(':projection/parked/:eventId/replay')
  @HttpCode(200)
  async replay(
    @CurrentUser() actor: Principal,
    @Param('projection') name: string,
    @Param('eventId') eventId: string,
  ): Promise<ReplayOutcome> {
    const rm = this.authorize(actor);
    const projection = this.projectionOf(rm, name);
    const [outcome] = await rm.replayParked(projection, parseUuid(eventId, 'The event id'));
    if (outcome.outcome === 'missing')
      throw new ProblemException(404, 'PROJECTIONS.NOT_PARKED', `No parked event ${eventId} in ${name}`);
    if (outcome.outcome === 'failed')
      throw new ProblemException(
        409,
        'PROJECTIONS.REPLAY_FAILED',
        'The event failed again and stays parked',
        {
          projection: name,
          eventId,
          error: outcome.error,
        },
      );
    return outcome;
  }

  @Post(':projection/parked/:eventId/skip')
  @HttpCode(204)
  async skip(
    @CurrentUser() actor: Principal,
    @Param('projection') name: string,
    @Param('eventId') eventId: string,
  ): Promise<void> {
    const rm = this.authorize(actor);
    this.projectionOf(rm, name);
    if (!(await rm.skipParked(name, parseUuid(eventId, 'The event id'))))
      throw new ProblemException(404, 'PROJECTIONS.NOT_PARKED', `No parked event ${eventId} in ${name}`);
  }

  private authorize(actor: Principal): ReadModels {
    if (!actor.roles.includes('admin'))
      throw new ProblemException(403, 'AUTH.FORBIDDEN', 'Only an admin may manage parked events');
    return readModelsOrUnavailable(this.readModels);
  }

  private projectionOf(rm: ReadModels, name: string): Projection {
    const projection = PROJECTION_NAME.test(name) ? rm.projection(name) : undefined;
    if (!projection) throw new ProblemException(404, 'PROJECTIONS.UNKNOWN', `No projection named ${name}`);
    return projection;
  }
}
