import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { DOCUMENT_KINDS, ORIGINS, STAGES } from '#drafting';
import { APP_CONFIG, type AppConfig } from '#config';
import { READ_MODELS, type ReadModels } from '#projections';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { parseDocumentId } from '../http/request-headers.js';
import { validate } from '../http/validate.js';
import { awaitConsistency, CONSISTENT_WITH } from './consistency.js';
import { DocumentHistoryQuery, type DocumentHistory } from './document-history.query.js';
import { ListDocumentsQuery, type DocumentPage } from './list-documents.query.js';
import { decodeCursor, SORTS, type SortName } from './list-documents.sql.js';

/** Largest page; a bigger `limit` is a 400 naming it (not silently clamped). */
export const MAX_LIMIT = 200;

const consistentWith = z.string().regex(CONSISTENT_WITH, 'must be a position such as 1234-56').optional();

export const listSchema = z.strictObject({
  agency: z.string().min(1).max(64).optional(),
  kind: z.enum(DOCUMENT_KINDS as [string, ...string[]]).optional(),
  stage: z.enum(STAGES as [string, ...string[]]).optional(),
  origin: z.enum(ORIGINS as [string, ...string[]]).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  // Trimmed, so some character not white space (\S, as the description says).
  q: z.string().trim().min(1).max(200).meta({ pattern: '\\S' }).optional(),
  sort: z.enum(Object.keys(SORTS) as [SortName, ...SortName[]]).default('-updatedAt'),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
  cursor: z.string().max(2000).optional(),
  consistentWith,
});

export const historySchema = z.strictObject({ consistentWith });

// Documented in openapi.ts (addReadSideRoutes), like the command routes.
@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class ReadSideController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  async list(
    @Query() query: unknown,
    @CurrentUser() actor: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentPage> {
    const { overdue, cursor: text, consistentWith: position, ...rest } = validate(listSchema, query, 'query');
    const cursor = text === undefined ? undefined : decodeCursor(text);
    if (text !== undefined && cursor?.sort !== rest.sort)
      throw new ProblemException(400, 'READ.BAD_CURSOR', 'cursor is not one this list made for that sort');
    await awaitConsistency(this.readModels, position, this.config.consistencyTimeoutMs, res);
    const filters = { ...rest, cursor, overdue: overdue === undefined ? undefined : overdue === 'true' };
    return this.queries.execute(new ListDocumentsQuery(filters as never, actor));
  }

  @Get(':id/history')
  @ApiExcludeEndpoint()
  async history(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentUser() actor: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentHistory> {
    const documentId = parseDocumentId(id);
    const { consistentWith: position } = validate(historySchema, query, 'query');
    await awaitConsistency(this.readModels, position, this.config.consistencyTimeoutMs, res);
    return this.queries.execute(new DocumentHistoryQuery(documentId, actor));
  }
}
