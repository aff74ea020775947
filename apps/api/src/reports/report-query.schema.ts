import { z } from 'zod';
import { agencySlug } from '#drafting';
import { parsePosition } from '#event-store';
import { endOfLocalDay } from '#reporting';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// Date.parse first: a shape like 0000-00-00 is no date at all, and toISOString would throw (a 500).
const realDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
};

/**
 * `asOf` is a date (the end of that day in Viet Nam) or an ISO instant with its offset; the
 * output is the instant. `consistentWith` is the position your last command answered. Query
 * strings are strings: the year is parsed here. Strict: an unknown parameter is a 400.
 */
export const reportQuerySchema = z.strictObject({
  agency: agencySlug,
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year like 2019')
    .transform(Number)
    .pipe(z.number().min(2000).max(2100)),
  asOf: z
    .string()
    .refine(
      (s) => (DATE.test(s) && realDate(s)) || (INSTANT.test(s) && !Number.isNaN(Date.parse(s))),
      'must be a date YYYY-MM-DD or an ISO instant with an offset',
    )
    .transform((s) => (DATE.test(s) ? endOfLocalDay(s) : new Date(s).toISOString()))
    .optional(),
  /** A position a command answered: the report waits (bounded) until the log read has passed it. */
  consistentWith: z
    .string()
    .refine((s) => parsePosition(s) !== undefined, 'must be a position like 1234-56')
    .transform((s) => parsePosition(s)!)
    .optional(),
});

export type ReportQueryInput = z.output<typeof reportQuerySchema>;
