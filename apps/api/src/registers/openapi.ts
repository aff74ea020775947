import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import {
  IMPLEMENTATION_STATUSES,
  REVIEW_OUTCOMES,
  registerSchemas,
  type RegisterCommandName,
} from '#drafting';
import { type Operation, ref, problem, json, idempotencyKey } from '../http/openapi-parts.js';

// The Problem schema is the documents' (documents/openapi.ts), added before these routes.
const body = (name: RegisterCommandName) => ({
  required: true,
  content: {
    'application/json': {
      schema: z.toJSONSchema(registerSchemas[name], { io: 'input', unrepresentable: 'any' }),
    },
  },
});

const COMMON = {
  '400': problem('Invalid body, id or header (unknown fields, wrong types, NUL characters)'),
  '401': problem('No token, or an invalid, expired or tampered one'),
};
const WRITE = {
  ...COMMON,
  '403': problem('Your roles may not run this command'),
  '409': problem('A rule refused it; nothing was recorded'),
  '413': problem('Body over the size limit'),
  '415': problem('Body is not application/json'),
  '422': problem('The Idempotency-Key was used before with a different body'),
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const notFound = problem('No such entry, or one of another agency');

const op = (operationId: string, summary: string, rest: Operation): Operation => ({
  tags: ['registers'],
  operationId,
  summary,
  security: [{ bearer: [] }],
  ...rest,
});

const PATHS: Record<string, Record<string, Operation>> = {
  '/reviews': {
    post: op('RecordReview', 'Record a review of an existing document (Rà soát văn bản)', {
      parameters: [idempotencyKey],
      requestBody: body('RecordReview'),
      responses: { '201': json('Recorded', ref('RegisterAnswer')), ...WRITE },
    }),
  },
  '/reviews/{id}': {
    get: op('GetReview', 'A review', {
      parameters: [idParam],
      responses: { '200': json('The review', ref('Review')), ...COMMON, '404': notFound },
    }),
  },
  '/implementations': {
    post: op(
      'RegisterImplementation',
      'Register a document the agency must implement (Văn bản phải triển khai)',
      {
        parameters: [idempotencyKey],
        requestBody: body('RegisterImplementation'),
        responses: { '201': json('Registered', ref('RegisterAnswer')), ...WRITE },
      },
    ),
  },
  '/implementations/{id}': {
    get: op('GetImplementation', 'An implementation register entry with its status', {
      parameters: [idParam],
      responses: { '200': json('The entry', ref('Implementation')), ...COMMON, '404': notFound },
    }),
  },
  '/implementations/{id}/record-status': {
    post: op(
      'RecordImplementationStatus',
      'Record the implementation status (Cập nhật tình hình triển khai)',
      {
        parameters: [
          idParam,
          {
            name: 'If-Match',
            in: 'header',
            required: true,
            description: 'The revision you last saw',
            schema: { type: 'string' },
          },
          idempotencyKey,
        ],
        requestBody: body('RecordImplementationStatus'),
        responses: {
          '200': json('Recorded', ref('RegisterAnswer')),
          ...WRITE,
          '404': notFound,
          '412': problem('Stale If-Match: the entry has changed'),
          '428': problem('If-Match is missing'),
        },
      },
    ),
  },
};

const SCHEMAS = {
  RegisterAnswer: {
    type: 'object',
    required: ['id', 'revision', 'position', 'events'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      revision: { type: 'integer', description: 'Send it as If-Match with the next command' },
      position: { type: 'string', description: 'Global position of the last event (commit-prepare)' },
      events: { type: 'array', items: { type: 'string' } },
      status: { type: 'string', enum: [...IMPLEMENTATION_STATUSES] },
    },
  },
  Review: {
    type: 'object',
    required: ['id', 'agency', 'year', 'reviewedDocument', 'outcome', 'reviewedOn', 'revision'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      agency: { type: 'string' },
      year: { type: 'integer' },
      reviewedDocument: { type: 'string' },
      outcome: { type: 'string', enum: [...REVIEW_OUTCOMES] },
      reviewedOn: { type: 'string', format: 'date' },
      note: { type: 'string' },
      revision: { type: 'integer' },
      position: { type: 'string' },
    },
  },
  Implementation: {
    type: 'object',
    required: ['id', 'agency', 'year', 'title', 'status', 'revision'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      agency: { type: 'string' },
      year: { type: 'integer' },
      title: { type: 'string' },
      legalBasis: { type: 'string' },
      dueOn: { type: 'string', format: 'date' },
      status: { type: 'string', enum: [...IMPLEMENTATION_STATUSES] },
      statusNote: { type: 'string' },
      statusRecords: { type: 'integer' },
      revision: { type: 'integer' },
      position: { type: 'string' },
    },
  },
};

/** Adds the register routes (reviews, implementations) to the OpenAPI document. */
export function addRegisterRoutes(doc: OpenAPIObject): OpenAPIObject {
  return {
    ...doc,
    paths: { ...doc.paths, ...PATHS },
    components: { ...doc.components, schemas: { ...doc.components?.schemas, ...SCHEMAS } },
  } as OpenAPIObject;
}
