// GET /reports/programme: the query is the controller's schema (reportQuerySchema), with the
// patterns its refinements check stated for clients; the answer is the ProgrammeReport.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { DOCUMENT_KINDS, IMPLEMENTATION_STATUSES, ISO_DAY, REGIMES, REVIEW_OUTCOMES } from '#drafting';
import { AUTHED, bearer, isoInstant, problems } from '../http/openapi-parts.js';
import { reportQuerySchema } from './report-query.schema.js';

const count = z.int().min(0);
const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, count])) as Record<K, typeof count>);

const OriginFiguresSchema = z
  .object({
    assigned: count,
    issued: count.meta({ description: 'Issued or published' }),
    adoptedAwaitingSignature: count.meta({ description: 'Adopted, awaiting signature' }),
    submittedAwaitingDecision: count.meta({ description: 'Submitted up to tabled: awaiting a decision' }),
    appraisedAwaitingSubmission: count.meta({ description: 'Appraised, not yet submitted' }),
    inAppraisal: count,
    revisingBeforeAppraisal: count.meta({ description: 'In consultation or being revised' }),
    beingDrafted: count.meta({ description: 'Planned or drafting' }),
    withdrawn: count,
    everSubmitted: count.meta({
      description: 'Submitted at least once by asOf, whatever happened next (issued ones included)',
    }),
  })
  .meta({
    id: 'OriginFigures',
    description:
      'Each draft is in exactly one status bucket as of the date asked (issued … withdrawn), so the buckets add up to assigned; everSubmitted is cumulative and overlaps them.',
  });

const KindFiguresSchema = z
  .object({ programme: OriginFiguresSchema, additional: OriginFiguresSchema })
  .meta({ id: 'KindFigures' });

export const ProgrammeReportSchema = z
  .object({
    agency: z.string(),
    year: z.int(),
    asOf: isoInstant,
    asOfDate: z.iso
      .date()
      .meta({ description: 'The Viet Nam local date of asOf: the date asked, when a date was asked' }),
    programme: OriginFiguresSchema.meta({ description: 'Drafts assigned in the year’s work programme' }),
    additional: OriginFiguresSchema.meta({ description: 'Drafts additionally assigned during the year' }),
    byKind: z
      .object(
        Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, KindFiguresSchema])) as Record<
          (typeof DOCUMENT_KINDS)[number],
          typeof KindFiguresSchema
        >,
      )
      .meta({ description: 'The same figures split by kind of document; the kinds add up to them' }),
    byRegime: z
      .object(
        Object.fromEntries(REGIMES.map((g) => [g, KindFiguresSchema])) as Record<
          (typeof REGIMES)[number],
          typeof KindFiguresSchema
        >,
      )
      .meta({
        description:
          'The same figures split by the legal regime of each document as it stood at asOf (fixed at assignment, moved by ChangeRegime); the regimes add up to them',
      }),
    reviews: z.object({ total: count, byOutcome: counts(REVIEW_OUTCOMES) }),
    implementations: z.object({ total: count, byStatus: counts(IMPLEMENTATION_STATUSES) }),
    punctuality: counts(['onTime', 'late', 'overdueOpen', 'notYetDue']),
    appraisals: counts(['returned', 'notFit']),
    stageDays: z.record(z.string(), z.object({ stays: count, averageDays: z.number().nullable() })),
  })
  .meta({ id: 'ProgrammeReport' });

// The refinements (a real date or an instant; a year in range) are stated as patterns.
const DATE_OR_INSTANT =
  `^(${ISO_DAY}|` +
  '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d))$';
const query = reportQuerySchema.extend({
  year: reportQuerySchema.shape.year.meta({
    override: { type: 'string', pattern: '^(20\\d\\d|2100)$', description: 'The programme year, 2000–2100' },
  }),
  asOf: reportQuerySchema.shape.asOf.meta({
    override: {
      type: 'string',
      pattern: DATE_OR_INSTANT,
      description: 'A date (the end of that day in Viet Nam) or an ISO instant with offset; now when omitted',
    },
  }),
  consistentWith: reportQuerySchema.shape.consistentWith.meta({
    override: {
      type: 'string',
      pattern: '^\\d{1,20}-\\d{1,20}$',
      description: 'The position your last command answered: the report includes it (waits, bounded)',
    },
  }),
});

export const reportPaths = (): ZodOpenApiPathsObject => ({
  '/reports/programme': {
    get: {
      tags: ['reports'],
      operationId: 'GetProgrammeReport',
      summary: 'The programme report of an agency and year, as of a date (Báo cáo kết quả xây dựng văn bản)',
      description:
        'Computed from the events whose business time is at or before asOf. Each draft is in exactly one status bucket, so the buckets add up to the drafts assigned; everSubmitted counts every draft submitted by then; byKind splits the figures by kind, byRegime by the documents’ legal regime. JSON by default; send Accept: text/csv for a spreadsheet (UTF-8 with BOM, one figure a row, its as-of line the date asked). Inspectors and the committee office may read every agency; drafters and leads their own. An agency no document, review, register entry or directory user names is 404 (the asker’s own agency is always known).',
      security: bearer,
      requestParams: { query },
      responses: {
        '200': {
          description: 'The report',
          content: {
            'application/json': { schema: ProgrammeReportSchema },
            'text/csv': { schema: z.string().meta({ description: 'figure,label,value rows' }) },
          },
        },
        ...problems(
          [400, 'Unknown or malformed query parameters'],
          ...AUTHED,
          [403, 'Your roles may not read this agency’s report'],
          [404, 'Unknown agency: no document, review, register entry or directory user names it'],
          [503, 'Not caught up with consistentWith in time, or the store is unavailable; retry'],
        ),
      },
    },
  },
});
