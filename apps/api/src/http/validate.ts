import type { z } from 'zod';
import { ProblemException } from './problem.js';

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// What a body's text may not hold besides: C0 controls but tab and line breaks, DEL, zero-width
// characters and bidirectional overrides, which hide or reorder what a reader sees (a title that
// reads one way and sorts, searches or prints another).
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
/** Deeper than this a body is refused: no command nests more than a few levels. */
export const MAX_DEPTH = 32;

type Bad = { path: string; code: 'VALIDATION.BAD_TEXT' | 'VALIDATION.TOO_DEEP'; message: string };

const textProblem = (text: string, strict: boolean): string | undefined => {
  if (NUL.test(text) || LONE_SURROGATE.test(text)) return 'contains a NUL character or an unpaired surrogate';
  if (strict && INVISIBLE.test(text))
    return 'contains a control character, a zero-width character or a bidirectional override';
  return undefined;
};

/**
 * Finds the first string (key or value) holding a NUL or a lone surrogate (and, when `strict`,
 * an invisible character), or the first place nested deeper than MAX_DEPTH. The walk keeps its
 * own stack: JSON nested thousands deep fits in a small body and must not overflow the call stack.
 */
export function findBad(value: unknown, strict = false): Bad | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: item, path } = stack.pop()!;
    const where = () => path.join('.') || '(body)';
    if (typeof item === 'string') {
      const message = textProblem(item, strict);
      if (message) return { path: where(), code: 'VALIDATION.BAD_TEXT', message };
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    if (path.length >= MAX_DEPTH)
      return { path: where(), code: 'VALIDATION.TOO_DEEP', message: `nests deeper than ${MAX_DEPTH} levels` };
    const entries = Array.isArray(item) ? item.map((v, i) => [String(i), v] as const) : Object.entries(item);
    for (const [key] of entries) {
      const message = Array.isArray(item) ? undefined : textProblem(key, strict);
      if (message) return { path: [...path, key].join('.'), code: 'VALIDATION.BAD_TEXT', message };
    }
    // Pushed in reverse, so the first bad place in reading order is the one named.
    for (let i = entries.length - 1; i >= 0; i--)
      stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return undefined;
}

/** The path of the first string holding a NUL or a lone surrogate (kept for callers of old). */
export const findBadText = (value: unknown): string | undefined => {
  const bad = findBad(value);
  return bad?.code === 'VALIDATION.BAD_TEXT' ? bad.path : undefined;
};

/**
 * Parses input with a schema; any failure is a 400 problem listing each field and why. A body's
 * text is held to the strict rule (no invisible characters); a query's is not, so a search
 * pasted with one still runs (the search folds them away).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const bad = findBad(value, where === 'body');
  if (bad) {
    throw new ProblemException(400, bad.code, `Invalid ${where}`, {
      errors: [{ path: bad.path, message: bad.message }],
    });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? '' : '(root)'),
    message:
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  throw new ProblemException(400, 'VALIDATION.FAILED', `Invalid ${where}`, { errors });
}
