import type { OpenAPIObject } from '@nestjs/swagger';
import { DOCUMENT_KINDS, ORIGINS, STAGES } from '#drafting';
import { MAX_LIMIT } from './read-side.controller.js';
import { SORTS } from './list-documents.sql.js';
import { problem } from '../http/openapi-parts.js';

const query = (name: string, description: string, schema: object) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** The `consistentWith` parameter every read route takes. */
export const consistentWithParameter = query(
  'consistentWith',
  'The position a command answered with: wait (bounded) until the read models have passed it',
  { type: 'string', pattern: '^\\d+-\\d+$' },
);

const READ_PROBLEMS = {
  '400': problem('Unknown parameter, wrong value, or a cursor made for another sort'),
  '401': problem('No token, or an invalid, expired or tampered one'),
  '503': problem('Read models unavailable (in-memory store)'),
  '504': problem(
    'READ.NOT_CONSISTENT_YET: the read models did not reach consistentWith in time (Retry-After)',
  ),
};

/** GET /documents (list) and GET /documents/{id}/history, answered from read models. */
export function addReadSideRoutes(doc: OpenAPIObject): OpenAPIObject {
  const list = {
    tags: ['documents'],
    operationId: 'ListDocuments',
    summary: 'The documents you may see, filtered, searched and keyset-paginated',
    security: [{ bearer: [] }],
    parameters: [
      query('agency', 'Drafting agency (drafters and leads only ever see their own)', { type: 'string' }),
      query('kind', 'Document kind', { type: 'string', enum: DOCUMENT_KINDS }),
      query('stage', 'Stage', { type: 'string', enum: STAGES }),
      query('origin', 'Origin', { type: 'string', enum: ORIGINS }),
      query('year', 'Programme year', { type: 'integer' }),
      query('overdue', 'Planned month ended and not yet submitted', {
        type: 'string',
        enum: ['true', 'false'],
      }),
      query('q', 'Title search, with or without Vietnamese diacritics', { type: 'string', maxLength: 200 }),
      query('sort', 'Order', { type: 'string', enum: Object.keys(SORTS), default: '-updatedAt' }),
      query('limit', `Page size (1–${MAX_LIMIT}; larger is 400)`, {
        type: 'integer',
        default: 50,
        maximum: MAX_LIMIT,
      }),
      query('cursor', 'nextCursor of the previous page (opaque)', { type: 'string' }),
      consistentWithParameter,
    ],
    responses: {
      '200': {
        description: 'One page',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['items', 'nextCursor'],
              properties: {
                items: { type: 'array', items: { type: 'object', additionalProperties: true } },
                nextCursor: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
      ...READ_PROBLEMS,
    },
  };
  const history = {
    tags: ['documents'],
    operationId: 'GetDocumentHistory',
    summary: 'Every event of the document: who, when, what and why',
    security: [{ bearer: [] }],
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      consistentWithParameter,
    ],
    responses: {
      '200': {
        description: 'The history, oldest first',
        content: { 'application/json': { schema: { type: 'object', required: ['documentId', 'events'] } } },
      },
      ...READ_PROBLEMS,
      '404': problem('No such document, or one of another agency'),
    },
  };
  return {
    ...doc,
    paths: {
      ...doc.paths,
      '/documents': { ...doc.paths['/documents'], get: list },
      '/documents/{id}/history': { get: history },
    },
  } as OpenAPIObject;
}
