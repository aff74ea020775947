import type { OpenAPIObject } from '@nestjs/swagger';
import { problem } from '../http/openapi-parts.js';

// The Problem schema is the documents' (documents/openapi.ts), added before these routes.
const count = { type: 'integer', minimum: 0 };
const counts = (keys: readonly string[]) => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((k) => [k, count])),
});
const origin = counts([
  'assigned',
  'issued',
  'submittedAwaitingDecision',
  'beingDrafted',
  'revisingBeforeAppraisal',
  'withdrawn',
]);

const PROGRAMME_REPORT = {
  type: 'object',
  required: ['agency', 'year', 'asOf', 'programme', 'additional', 'reviews', 'implementations'],
  properties: {
    agency: { type: 'string' },
    year: { type: 'integer' },
    asOf: { type: 'string', format: 'date-time' },
    programme: { ...origin, description: 'Drafts assigned in the year’s work programme' },
    additional: { ...origin, description: 'Drafts additionally assigned during the year' },
    reviews: {
      type: 'object',
      properties: { total: count, byOutcome: counts(['keep', 'amend', 'replace', 'repeal', 'expired']) },
    },
    implementations: {
      type: 'object',
      properties: { total: count, byStatus: counts(['not_started', 'in_progress', 'done']) },
    },
    punctuality: counts(['onTime', 'late', 'overdueOpen', 'notYetDue']),
    appraisals: counts(['returned', 'notFit']),
    stageDays: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { stays: count, averageDays: { type: ['number', 'null'] } },
      },
    },
  },
};

/** Adds GET /reports/programme to the OpenAPI document. */
export function addReportRoutes(doc: OpenAPIObject): OpenAPIObject {
  const operation = {
    tags: ['reports'],
    operationId: 'GetProgrammeReport',
    summary: 'The programme report of an agency and year, as of a date (Báo cáo kết quả xây dựng văn bản)',
    description:
      'Computed from the events whose business time is at or before asOf. JSON by default; send Accept: text/csv for a spreadsheet (UTF-8 with BOM, one figure a row). Inspectors and the committee office may read every agency; drafters and leads their own.',
    security: [{ bearer: [] }],
    parameters: [
      { name: 'agency', in: 'query', required: true, schema: { type: 'string' } },
      {
        name: 'year',
        in: 'query',
        required: true,
        schema: { type: 'integer', minimum: 2000, maximum: 2100 },
      },
      {
        name: 'asOf',
        in: 'query',
        required: false,
        description: 'A date (the end of that day in Viet Nam) or an ISO instant; now when omitted',
        schema: { type: 'string' },
      },
      {
        name: 'consistentWith',
        in: 'query',
        required: false,
        description: 'The position your last command answered: the report includes it (waits up to 5 s)',
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': {
        description: 'The report',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/ProgrammeReport' } },
          'text/csv': { schema: { type: 'string', description: 'figure,label,value rows' } },
        },
      },
      '400': problem('Unknown or malformed query parameters'),
      '401': problem('No token, or an invalid, expired or tampered one'),
      '403': problem('Your roles may not read this agency’s report'),
      '503': problem('Not caught up with consistentWith in time; retry'),
    },
  };
  return {
    ...doc,
    paths: { ...doc.paths, '/reports/programme': { get: operation } },
    components: {
      ...doc.components,
      schemas: { ...doc.components?.schemas, ProgrammeReport: PROGRAMME_REPORT },
    },
  } as OpenAPIObject;
}
