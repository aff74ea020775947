import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { registerSchemas, type ImplementationCommand } from '#drafting';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { parseIdempotencyKey, parseIfMatch, commandMeta } from '../http/request-headers.js';
import { validate } from '../http/validate.js';
import { ExecuteRegisterCommand, type RegisterAnswer } from './execute-register-command.handler.js';
import { GetRegisterEntryQuery, type RegisterEntryView } from './get-register-entry.query.js';
import { parseEntryId } from './register-http.js';
import { entryIdFor } from './register-kinds.js';

// Documented in registers/openapi.ts from the same schemas.
@ApiTags('registers')
@ApiBearerAuth()
@Controller('implementations')
export class ImplementationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiExcludeEndpoint()
  async register(
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterAnswer> {
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const data = validate(registerSchemas.RegisterImplementation, body);
    const id = entryIdFor('implementation', actor.userId, key, randomUUID);
    const answer = await this.run(
      id,
      'no-stream',
      { type: 'RegisterImplementation', data },
      actor,
      key,
      headers,
    );
    res.setHeader('Location', `/implementations/${answer.id}`);
    res.setHeader('ETag', `"${answer.revision}"`);
    return answer;
  }

  @Post(':id/record-status')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async recordStatus(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterAnswer> {
    const entryId = parseEntryId(id);
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const expected = parseIfMatch(headers['if-match']);
    const data = validate(registerSchemas.RecordImplementationStatus, body ?? {});
    const command = { type: 'RecordImplementationStatus', data } as const;
    const answer = await this.run(entryId, expected, command, actor, key, headers);
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
    const view = await this.queries.execute(
      new GetRegisterEntryQuery('implementation', parseEntryId(id), actor),
    );
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  private run(
    id: string,
    expectedRevision: number | 'no-stream',
    command: ImplementationCommand,
    actor: Principal,
    idempotencyKey: string | undefined,
    headers: Record<string, string | undefined>,
  ): Promise<RegisterAnswer> {
    return this.commands.execute(
      new ExecuteRegisterCommand({
        register: 'implementation',
        request: {
          id,
          expectedRevision,
          command,
          actor,
          ...commandMeta(command, idempotencyKey, headers),
        },
      }),
    );
  }
}
