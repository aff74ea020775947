// The HTTP bodies of the register commands: reviews (rà soát) of existing documents and the
// register of documents an agency must implement in a year. Strict, like commands.schema.ts.
import { z } from 'zod';
import {
  agencySlug,
  businessDate,
  isoDate,
  NUMBER_MAX,
  REASON_MAX,
  text,
  TITLE_MAX,
} from '../input.schema.js';

export const REVIEW_OUTCOMES = ['keep', 'amend', 'replace', 'repeal', 'expired'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const IMPLEMENTATION_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

const year = z.number().int().min(2000).max(2100);
const note = text(REASON_MAX).optional();

// Every register command carries its business date (lifecycle.md, "Business dates"), as the
// drafting commands do: `occurredOn`, default the review's own date or today in Viet Nam.
const recordReview = z
  .strictObject({
    occurredOn: businessDate,
    /** The reviewed document's number ('15/2012/QĐ-UBND') or its title. */
    reviewedDocument: text(TITLE_MAX),
    outcome: z.enum(REVIEW_OUTCOMES),
    reviewedOn: isoDate,
    year,
    note,
  })
  .superRefine((v, ctx) => {
    if (!v.reviewedOn.startsWith(`${v.year}-`))
      ctx.addIssue({ code: 'custom', path: ['reviewedOn'], message: 'must be a date of `year`' });
  });

const registerImplementation = z.strictObject({
  occurredOn: businessDate,
  agency: agencySlug,
  year,
  title: text(TITLE_MAX),
  /** The act that requires it, e.g. 'Luật 80/2015/QH13' or 'Quyết định 1234/QĐ-UBND'. */
  legalBasis: text(NUMBER_MAX * 4).optional(),
  dueOn: isoDate.optional(),
});

const recordImplementationStatus = z.strictObject({
  occurredOn: businessDate,
  status: z.enum(IMPLEMENTATION_STATUSES),
  note,
});

/** Body schema of every register command, keyed by command name. */
export const registerSchemas = {
  RecordReview: recordReview,
  RegisterImplementation: registerImplementation,
  RecordImplementationStatus: recordImplementationStatus,
};

export type RegisterCommandName = keyof typeof registerSchemas;
export type RegisterInput<K extends RegisterCommandName> = z.output<(typeof registerSchemas)[K]>;

export type ReviewCommand = { type: 'RecordReview'; data: RegisterInput<'RecordReview'> };
export type ImplementationCommand =
  | { type: 'RegisterImplementation'; data: RegisterInput<'RegisterImplementation'> }
  | { type: 'RecordImplementationStatus'; data: RegisterInput<'RecordImplementationStatus'> };
