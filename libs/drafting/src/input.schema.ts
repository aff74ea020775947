// Building blocks of the command body schemas: every text is checked for NUL and lone
// surrogates, NFC-normalised (Vietnamese text must round-trip exactly) and trimmed.
import { z } from 'zod';
import { isIsoDate, isIsoMonth } from './dates.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Non-empty text of at most `max` characters (counted after NFC normalisation and trimming). The
 * description adds what trimming implies: some character that is not white space (`\S`,
 * unanchored), so "   " is no title.
 */
export const text = (max: number) =>
  z
    .string()
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must not contain unpaired surrogates')
    .overwrite((s) => s.normalize('NFC'))
    .trim()
    .min(1)
    .max(max)
    .meta({ pattern: '\\S' });

/**
 * YYYY-MM-DD of a day that exists (years 1000–9999, leap days included), for the description:
 * the refinement below is what the server checks, the pattern tells a client the same.
 */
export const ISO_DAY =
  '(?:(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29' +
  '|[1-9]\\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))';
export const ISO_DATE_PATTERN = `^${ISO_DAY}$`;

/** A calendar date written YYYY-MM-DD that exists. */
export const isoDate = z
  .string()
  .trim()
  .refine(isIsoDate, 'must be a real date written YYYY-MM-DD')
  .meta({ format: 'date', pattern: ISO_DATE_PATTERN });

/**
 * The business date of a command (lifecycle.md, "Business dates"): the day the step really
 * happened, YYYY-MM-DD; absent means today in Viet Nam (or the date the body names for the act).
 */
export const businessDate = isoDate
  .optional()
  .describe('The date the step really happened (YYYY-MM-DD); default today in Viet Nam');

/** A month written YYYY-MM. */
export const isoMonth = z
  .string()
  .trim()
  .refine(isIsoMonth, 'must be a month written YYYY-MM')
  .meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

/** An agency identifier: lower-case letters, digits, '-' and '_', starting with a letter or digit. */
export const agencySlug = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case slug');

/** Why, in the words of the person acting: required where the law asks for a reason. */
export const reason = () => text(REASON_MAX);

/** The body of a command that records only an optional reason. */
export const optionalReason = () => z.strictObject({ occurredOn: businessDate, reason: reason().optional() });

export const TITLE_MAX = 500;
export const REASON_MAX = 2000;
export const SUMMARY_MAX = 4000;
export const NUMBER_MAX = 64;
