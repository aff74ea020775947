import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { COMMAND_NAMES, COMMAND_LABELS, commandSchemas, kebabCase, type CommandName } from '#drafting';
import { type Operation, ref, problem, json, idempotencyKey } from '../http/openapi-parts.js';

const PROBLEMS = {
  '400': problem('Invalid body, id or header (unknown fields, wrong types, NUL characters)'),
  '401': problem('No token, or an invalid, expired or tampered one'),
  '403': problem('Your roles may not run this command'),
  '409': problem('Illegal transition or a rule of the law refused it; nothing was recorded'),
  '413': problem('Body over the size limit'),
  '415': problem('Body is not application/json'),
  '422': problem('The Idempotency-Key was used before with a different body'),
};

const schemaOf = (name: CommandName) =>
  z.toJSONSchema(commandSchemas[name], { io: 'input', unrepresentable: 'any' });

function transition(name: CommandName): Operation {
  return {
    tags: ['documents'],
    operationId: name,
    summary: `${COMMAND_LABELS[name].en} (${COMMAND_LABELS[name].vi})`,
    security: [{ bearer: [] }],
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      {
        name: 'If-Match',
        in: 'header',
        required: true,
        description: 'The revision you last saw',
        schema: { type: 'string' },
      },
      idempotencyKey,
    ],
    requestBody: { required: false, content: { 'application/json': { schema: schemaOf(name) } } },
    responses: {
      '200': json('Recorded; the new revision and the position of the last event', ref('CommandAnswer')),
      ...PROBLEMS,
      '404': problem('No such document, or one of another agency'),
      '412': problem('Stale If-Match: the document has changed'),
      '428': problem('If-Match is missing'),
    },
  };
}

/** Adds the drafting routes, one per command, generated from the schemas the controller validates with. */
export function addDocumentRoutes(doc: OpenAPIObject): OpenAPIObject {
  const paths: Record<string, Record<string, Operation>> = {
    '/documents': {
      post: {
        tags: ['documents'],
        operationId: 'AssignDraft',
        summary: `${COMMAND_LABELS.AssignDraft.en} (${COMMAND_LABELS.AssignDraft.vi})`,
        security: [{ bearer: [] }],
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: schemaOf('AssignDraft') } } },
        responses: { '201': json('Assigned', ref('CommandAnswer')), ...PROBLEMS },
      },
    },
    '/documents/{id}': {
      get: {
        tags: ['documents'],
        operationId: 'GetDocument',
        summary: 'The document as it stands, with the commands you may run now',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          {
            name: 'asOf',
            in: 'query',
            required: false,
            description:
              'The document as it stood then (ISO date-time, or a date meaning its end in Viet Nam)',
            schema: { type: 'string' },
          },
          {
            name: 'consistentWith',
            in: 'query',
            required: false,
            description:
              'The position a command answered with: wait (bounded) until the read models passed it; 504 READ.NOT_CONSISTENT_YET with Retry-After past the bound',
            schema: { type: 'string', pattern: '^\\d+-\\d+$' },
          },
        ],
        responses: {
          '200': json('The document', ref('Document')),
          '400': PROBLEMS['400'],
          '401': PROBLEMS['401'],
          '404': problem('No such document, or one of another agency'),
        },
      },
    },
    '/documents/{id}/verify': {
      get: {
        tags: ['documents'],
        operationId: 'VerifyDocument',
        summary: 'Recompute the hash chain and name the first event that does not match',
        security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': json('The verdict', { type: 'object', required: ['documentId', 'intact', 'events'] }),
          '400': PROBLEMS['400'],
          '401': PROBLEMS['401'],
          '404': problem('No such document, or one of another agency'),
        },
      },
    },
  };
  for (const name of COMMAND_NAMES.filter((n) => n !== 'AssignDraft')) {
    paths[`/documents/{id}/${kebabCase(name)}`] = { post: transition(name) };
  }
  return {
    ...doc,
    openapi: '3.1.0',
    paths: { ...doc.paths, ...paths },
    components: { ...doc.components, schemas: { ...doc.components?.schemas, ...SCHEMAS } },
  } as OpenAPIObject;
}

const SCHEMAS = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string' },
      errors: {
        type: 'array',
        items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
  CommandAnswer: {
    type: 'object',
    required: ['documentId', 'stage', 'revision', 'position', 'events'],
    properties: {
      documentId: { type: 'string', format: 'uuid' },
      stage: { type: 'string' },
      revision: { type: 'integer', description: 'Send it as If-Match with the next command' },
      position: { type: 'string', description: 'Global position of the last event (commit-prepare)' },
      events: { type: 'array', items: { type: 'string' } },
    },
  },
  Document: {
    type: 'object',
    required: ['id', 'kind', 'stage', 'revision', 'availableCommands'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { type: 'string', enum: ['committee_decision', 'council_resolution'] },
      stage: { type: 'string' },
      revision: { type: 'integer' },
      availableCommands: { type: 'array', items: { type: 'string' } },
    },
    additionalProperties: true,
  },
};
