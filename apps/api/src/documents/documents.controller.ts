import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '#config';
import { commandFromKebab, commandSchemas, DRAFT_COMMANDS, type DraftCommand } from '#drafting';
import { READ_MODELS, type ReadModels } from '#projections';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { commandMeta, parseDocumentId, parseIdempotencyKey, parseIfMatch } from '../http/request-headers.js';
import { validate } from '../http/validate.js';
import { awaitConsistency, CONSISTENT_WITH } from '../read-side/consistency.js';
import { documentIdFor } from './draft-stream.js';
import { ExecuteDraftCommand } from './execute-draft-command.handler.js';
import type { CommandAnswer } from './draft.repository.js';
import { GetDocumentQuery, type DocumentView } from './get-document.query.js';
import { NextNumberQuery, type NextNumberAnswer } from './next-number.query.js';
import { VerifyDocumentQuery, type VerifyAnswer } from './verify-document.query.js';

export const documentQuerySchema = z.strictObject({
  asOf: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .transform((v) => new Date(v.length === 10 ? `${v}T23:59:59.999+07:00` : v))
    .optional(),
  consistentWith: z.string().regex(CONSISTENT_WITH, 'must be a position such as 1234-56').optional(),
});

export const nextNumberQuerySchema = z.strictObject({
  signingDate: z.iso.date().optional().meta({
    description:
      'The day it is to be signed (default today in Viet Nam): a decision is numbered in its signing year',
  }),
});

// Routes are documented one per command in the OpenAPI document (see openapi.ts), generated
// from the same schemas this controller validates with.
@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiExcludeEndpoint()
  async assign(
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAnswer> {
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const data = validate(commandSchemas.AssignDraft, body);
    const documentId = documentIdFor(actor.userId, key, randomUUID);
    const answer = await this.run(
      documentId,
      'no-stream',
      { type: 'AssignDraft', data },
      actor,
      key,
      headers,
    );
    res.setHeader('Location', `/documents/${answer.documentId}`);
    res.setHeader('ETag', `"${answer.revision}"`);
    return answer;
  }

  @Post(':id/:command')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async transition(
    @Param('id') id: string,
    @Param('command') name: string,
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAnswer> {
    const documentId = parseDocumentId(id);
    const type = commandFromKebab(name);
    // The command that creates a document has its own route (POST /documents).
    if (!type || DRAFT_COMMANDS.definitions[type].creates)
      throw new ProblemException(404, 'HTTP.UNKNOWN_COMMAND', `No command named ${name}`);
    const key = parseIdempotencyKey(headers['idempotency-key']);
    const expected = parseIfMatch(headers['if-match']);
    const data = validate(commandSchemas[type], body ?? {});
    const answer = await this.run(documentId, expected, { type, data } as DraftCommand, actor, key, headers);
    res.setHeader('ETag', `"${answer.revision}"`);
    return answer;
  }

  @Get(':id')
  @ApiExcludeEndpoint()
  async get(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentUser() actor: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentView> {
    const { asOf, consistentWith } = validate(documentQuerySchema, query, 'query');
    await awaitConsistency(this.readModels, consistentWith, this.config.consistencyTimeoutMs, res);
    const view = await this.queries.execute(new GetDocumentQuery(parseDocumentId(id), actor, asOf));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  @Get(':id/verify')
  @ApiExcludeEndpoint()
  verify(@Param('id') id: string, @CurrentUser() actor: Principal): Promise<VerifyAnswer> {
    return this.queries.execute(new VerifyDocumentQuery(parseDocumentId(id), actor));
  }

  @Get(':id/next-number')
  @ApiExcludeEndpoint()
  nextNumber(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentUser() actor: Principal,
  ): Promise<NextNumberAnswer> {
    const { signingDate } = validate(nextNumberQuerySchema, query, 'query');
    return this.queries.execute(new NextNumberQuery(parseDocumentId(id), actor, signingDate));
  }

  private run(
    documentId: string,
    expectedRevision: number | 'no-stream',
    command: DraftCommand,
    actor: Principal,
    idempotencyKey: string | undefined,
    headers: Record<string, string | undefined>,
  ): Promise<CommandAnswer> {
    return this.commands.execute(
      new ExecuteDraftCommand({
        documentId,
        expectedRevision,
        command,
        actor,
        ...commandMeta(command, idempotencyKey, headers),
      }),
    );
  }
}
