import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { registerSchemas } from '#drafting';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { parseIdempotencyKey, commandMeta } from '../http/request-headers.js';
import { validate } from '../http/validate.js';
import { ExecuteRegisterCommand, type RegisterAnswer } from './execute-register-command.handler.js';
import { GetRegisterEntryQuery, type RegisterEntryView } from './get-register-entry.query.js';
import { parseEntryId } from './register-http.js';
import { entryIdFor } from './register-kinds.js';

// Documented in registers/openapi.ts from the same schemas.
@ApiTags('registers')
@ApiBearerAuth()
@Controller('reviews')
export class ReviewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiExcludeEndpoint()
  async record(
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterAnswer> {
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const data = validate(registerSchemas.RecordReview, body);
    const command = { type: 'RecordReview', data } as const;
    const answer = await this.commands.execute(
      new ExecuteRegisterCommand({
        register: 'review',
        request: {
          id: entryIdFor('review', actor.userId, key, randomUUID),
          expectedRevision: 'no-stream',
          command,
          actor,
          ...commandMeta(command, key, headers),
        },
      }),
    );
    res.setHeader('Location', `/reviews/${answer.id}`);
    res.setHeader('ETag', `"${answer.revision}"`);
    return answer;
  }

  @Get(':id')
  @ApiExcludeEndpoint()
  async get(
    @Param('id') id: string,
    @CurrentUser() actor: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterEntryView> {
    const view = await this.queries.execute(new GetRegisterEntryQuery('review', parseEntryId(id), actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
