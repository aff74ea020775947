// The register routes (reviews, implementations), bodies from the schemas the controllers
// validate with (registerSchemas).
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  IMPLEMENTATION_STATUSES,
  REVIEW_OUTCOMES,
  registerSchemas,
  type RegisterCommandName,
} from '#drafting';
import {
  AUTHED,
  bearer,
  body,
  createdHeaders,
  etagHeader,
  idempotencyKeyHeader,
  ifMatchHeader,
  isoDate,
  json,
  positionSchema,
  problems,
  uuidParam,
  WITH_BODY,
  type Operation,
} from '../http/openapi-parts.js';

const bodyOf = (name: RegisterCommandName) => body(registerSchemas[name].meta({ id: `${name}Body` }));

const idPath = z.object({ id: uuidParam('The entry id') });
const notFound = [404, 'No such entry, or one of another agency'] as const;
const WRITE = [
  ...WITH_BODY,
  ...AUTHED,
  [403, 'Your roles may not run this command'],
  [409, 'A rule refused it; nothing was recorded'],
  422,
  503,
] as const;
const READ = [400, ...AUTHED, notFound, 503] as const;

export const RegisterAnswerSchema = z
  .object({
    id: z.uuid(),
    revision: z.int().min(0).meta({ description: 'Send it as If-Match with the next command' }),
    position: positionSchema,
    events: z.array(z.string()),
    status: z
      .enum(IMPLEMENTATION_STATUSES)
      .optional()
      .meta({ description: 'Implementation entries: the status after the command' }),
  })
  .meta({ id: 'RegisterAnswer' });

export const ReviewSchema = z
  .object({
    id: z.uuid(),
    agency: z.string(),
    year: z.int(),
    reviewedDocument: z.string(),
    outcome: z.enum(REVIEW_OUTCOMES),
    reviewedOn: isoDate,
    note: z.string().optional(),
    revision: z.int().min(0),
    position: positionSchema,
  })
  .meta({ id: 'Review' });

export const ImplementationSchema = z
  .object({
    id: z.uuid(),
    agency: z.string(),
    year: z.int(),
    title: z.string(),
    legalBasis: z.string().optional(),
    dueOn: isoDate.optional(),
    status: z.enum(IMPLEMENTATION_STATUSES),
    statusNote: z.string().optional().meta({ description: 'The note of the latest status record' }),
    statusRecords: z.int().min(0),
    lastOn: isoDate
      .optional()
      .meta({ description: "The business date of the entry's latest step (registration or status)" }),
    revision: z.int().min(0),
    position: positionSchema,
  })
  .meta({ id: 'Implementation' });

const op = (operationId: string, summary: string, rest: Omit<Operation, 'operationId'>): Operation => ({
  tags: ['registers'],
  operationId,
  summary,
  security: bearer,
  ...rest,
});

export const registerPaths = (): ZodOpenApiPathsObject => ({
  '/reviews': {
    post: op('RecordReview', 'Record a review of an existing document (Rà soát văn bản)', {
      requestParams: { header: z.object({ 'Idempotency-Key': idempotencyKeyHeader }) },
      requestBody: bodyOf('RecordReview'),
      responses: { '201': json('Recorded', RegisterAnswerSchema, createdHeaders), ...problems(...WRITE) },
    }),
  },
  '/reviews/{id}': {
    get: op('GetReview', 'A review', {
      requestParams: { path: idPath },
      responses: { '200': json('The review', ReviewSchema, etagHeader), ...problems(...READ) },
    }),
  },
  '/implementations': {
    post: op(
      'RegisterImplementation',
      'Register a document the agency must implement (Văn bản phải triển khai)',
      {
        requestParams: { header: z.object({ 'Idempotency-Key': idempotencyKeyHeader }) },
        requestBody: bodyOf('RegisterImplementation'),
        responses: { '201': json('Registered', RegisterAnswerSchema, createdHeaders), ...problems(...WRITE) },
      },
    ),
  },
  '/implementations/{id}': {
    get: op('GetImplementation', 'An implementation register entry with its status', {
      requestParams: { path: idPath },
      responses: { '200': json('The entry', ImplementationSchema, etagHeader), ...problems(...READ) },
    }),
  },
  '/implementations/{id}/record-status': {
    post: op(
      'RecordImplementationStatus',
      'Record the implementation status (Cập nhật tình hình triển khai)',
      {
        requestParams: {
          path: idPath,
          header: z.object({ 'If-Match': ifMatchHeader, 'Idempotency-Key': idempotencyKeyHeader }),
        },
        requestBody: bodyOf('RecordImplementationStatus'),
        responses: {
          '200': json('Recorded', RegisterAnswerSchema, etagHeader),
          ...problems(...WRITE, notFound, [412, 'Stale If-Match: the entry has changed'], 428),
        },
      },
    ),
  },
});
