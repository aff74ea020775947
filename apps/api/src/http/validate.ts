import type { z } from 'zod';
import { ProblemException } from './problem.js';

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Finds the first string (key or value) holding a NUL or a lone surrogate, anywhere in the body. */
export function findBadText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string')
    return NUL.test(value) || LONE_SURROGATE.test(value) ? path.join('.') || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBadText(item, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (NUL.test(key) || LONE_SURROGATE.test(key)) return [...path, key].join('.');
      const found = findBadText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Parses input with a schema; any failure is a 400 problem listing each field and why. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const bad = findBadText(value);
  if (bad) {
    throw new ProblemException(400, 'VALIDATION.BAD_TEXT', `Invalid ${where}`, {
      errors: [{ path: bad, message: 'contains a NUL character or an unpaired surrogate' }],
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
