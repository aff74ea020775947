// GET /documents (list) and GET /documents/{id}/history, answered from read models; the query
// schemas are the controller's own.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { DOCUMENT_KINDS, ORIGINS, PROCEDURES } from '#drafting';
import {
  AUTHED,
  bearer,
  documentIdPath,
  isoInstant,
  json,
  labelSchema,
  positionSchema,
  problems,
} from '../http/openapi-parts.js';
import { LastSealedSchema } from '../documents/openapi.js';
import { historySchema, listSchema } from './read-side.controller.js';

const DocumentSummarySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DOCUMENT_KINDS as [string, ...string[]]),
    agency: z.string(),
    title: z.string(),
    stage: z.string(),
    stageLabel: labelSchema,
    procedure: z.enum(PROCEDURES as [string, ...string[]]),
    origin: z.enum(ORIGINS as [string, ...string[]]),
    regime: z.enum(['2016', '2021', '2025']).meta({ description: 'The legal regime fixed at assignment' }),
    year: z.int(),
    plannedMonth: z.string().nullable(),
    dates: z.record(z.string(), z.string().nullable()).meta({ description: 'Key dates by name' }),
    revision: z.int().min(0),
    position: positionSchema,
    updatedAt: z.string(),
  })
  .meta({ id: 'DocumentSummary' });

export const DocumentPageSchema = z
  .object({
    items: z.array(DocumentSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass it as cursor for the next page; null on the last' }),
  })
  .meta({ id: 'DocumentPage' });

const HistoryEntrySchema = z
  .object({
    stream: z.enum(['draft', 'deadline']).meta({
      description:
        'draft for what people did (its revision is the document’s), deadline for the worker’s records',
    }),
    revision: z.int().min(0).meta({ description: 'The revision in the entry’s own stream' }),
    eventId: z.uuid(),
    type: z.string(),
    actor: z.object({
      userId: z.string().nullable(),
      role: z.string().nullable(),
      agency: z.string().nullable(),
      name: labelSchema.nullable().meta({
        description:
          'The person’s name from the user directory; “Cán bộ đã nghỉ” / “A former officer” for an erased person; null when the directory does not hold the id',
      }),
      erased: z
        .boolean()
        .meta({ description: 'The directory erased this person: the id stays, the name is gone' }),
    }),
    occurredAt: isoInstant,
    recordedAt: isoInstant,
    reason: z.string().nullable(),
    changed: z.array(z.string()),
    position: positionSchema,
  })
  .meta({ id: 'HistoryEntry' });

export const DocumentHistorySchema = z
  .object({
    documentId: z.uuid(),
    events: z.array(HistoryEntrySchema),
    lastSealed: LastSealedSchema.nullable().meta({ description: 'null: the document was never sealed' }),
  })
  .meta({ id: 'DocumentHistory' });

const READ_PROBLEMS = [
  [
    400,
    'Unknown parameter, wrong value, a cursor made for another sort, or a position beyond the newest event',
  ],
  ...AUTHED,
  [503, 'Read models unavailable (in-memory store)'],
  504,
] as const;

export const readSidePaths = (): ZodOpenApiPathsObject => ({
  '/documents': {
    get: {
      tags: ['documents'],
      operationId: 'ListDocuments',
      summary: 'The documents you may see, filtered, searched and keyset-paginated',
      description:
        'agency: drafters and leads only ever see their own. q: title search, with or without Vietnamese diacritics. overdue: planned month ended and not yet submitted.',
      security: bearer,
      requestParams: { query: listSchema },
      responses: { '200': json('One page', DocumentPageSchema), ...problems(...READ_PROBLEMS) },
    },
  },
  '/documents/{id}/history': {
    get: {
      tags: ['documents'],
      operationId: 'GetDocumentHistory',
      summary: 'Every event of the document: who, when, what and why',
      security: bearer,
      requestParams: { path: documentIdPath, query: historySchema },
      responses: {
        '200': json('The history, oldest first', DocumentHistorySchema),
        ...problems(...READ_PROBLEMS, [404, 'No such document, or one of another agency']),
      },
    },
  },
});
