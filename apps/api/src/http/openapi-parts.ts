// Building blocks of the OpenAPI description (apps/api/src/openapi.ts assembles it): the Problem
// schema, one way to name every error answer, and the path, query and header parameters the
// routes share, each as the zod schema the HTTP layer itself validates with (zod-openapi renders
// them), so the description and the validation cannot drift apart.
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { CONSISTENT_WITH } from '../read-side/consistency.js';

/** What parseIfMatch accepts (request-headers.ts), stated as strictly as a client should send it. */
// Strong only: the server refuses a weak W/"3" (a revision is a strong validator, RFC 9110).
export const IF_MATCH_PATTERN = /^("\d{1,15}"|\d{1,15})$/;
/** What parseIdempotencyKey accepts (request-headers.ts). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._~-]{8,128}$/;

export type Operation = ZodOpenApiOperationObject;

export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'urn:draftline:problem:<code>' }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string().optional(),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. DRAFT.ILLEGAL_TRANSITION' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Validation problems: one per field' }),
  })
  .meta({
    id: 'Problem',
    description: 'An RFC 9457 problem document; every error Draftline answers is one',
  });

export type Status = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503 | 504;

/** What each status means on any route; an operation may say more. */
export const STATUS_TEXT: Record<Status, string> = {
  400: 'Invalid body, parameter or header (unknown fields, wrong types, NUL characters)',
  401: 'No token, or an invalid, expired or tampered one',
  403: 'Your roles may not do this',
  404: 'No such resource, or one of another agency',
  409: 'A rule refused it; nothing was recorded',
  412: 'Stale If-Match: it has changed since that revision',
  413: 'Body over the size limit',
  415: 'Body is not application/json',
  422: 'The Idempotency-Key was used before with a different body',
  428: 'If-Match is missing',
  429: 'Too many requests from this token or address (Retry-After)',
  503: 'A store the answer needs is unavailable; retry shortly (Retry-After)',
  504: 'READ.NOT_CONSISTENT_YET: the read models did not reach consistentWith in time (Retry-After)',
};

const retryAfter = z.object({
  'Retry-After': z.string().regex(/^\d+$/).meta({ description: 'Seconds to wait before retrying' }),
});

/** An error answer: always application/problem+json with the Problem schema. */
export const problem = (status: Status, description: string = STATUS_TEXT[status]) => ({
  description,
  ...([429, 503, 504].includes(status) && { headers: retryAfter }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error answers of an operation, by status (a string overrides the general text). */
export function problems(
  ...entries: (Status | readonly [Status, string])[]
): Record<`${Status}`, ReturnType<typeof problem>> {
  const out: Record<string, ReturnType<typeof problem>> = {};
  for (const entry of entries) {
    const [status, text] = typeof entry === 'number' ? [entry, undefined] : entry;
    out[String(status)] = problem(status, text);
  }
  return out as Record<`${Status}`, ReturnType<typeof problem>>;
}

/** What every authenticated route may answer besides its own. */
export const AUTHED: Status[] = [401, 429];
/** What every route with a JSON body may answer besides its own. */
export const WITH_BODY: Status[] = [400, 413, 415];

export const json = (description: string, schema: z.ZodType, headers?: z.ZodObject) => ({
  description,
  ...(headers && { headers }),
  content: { 'application/json': { schema } },
});

export const responses = (r: ZodOpenApiResponsesObject) => r;

/** A JSON request body, required. */
export const body = (schema: z.ZodType, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];

// ---- parameters ----

export const uuidParam = (description: string) => z.uuid().meta({ description });

export const documentIdPath = z.object({ id: uuidParam('The document id') });

export const ifMatchHeader = z.string().regex(IF_MATCH_PATTERN).meta({
  description: 'The revision you last saw (the ETag of your last answer): "3" or 3; a weak W/"3" is refused',
  example: '"3"',
});

export const idempotencyKeyHeader = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN)
  .optional()
  .meta({ description: 'Makes a retry return the first answer (8–128 URL-safe characters)' });

export const consistentWithQuery = z.string().regex(CONSISTENT_WITH).optional().meta({
  description:
    'The position a command answered with: wait (bounded) until the read models have passed it; 504 READ.NOT_CONSISTENT_YET with Retry-After past the bound',
  example: '1234-0',
});

export const etagHeader = z.object({
  ETag: z.string().meta({ description: 'The revision, quoted: send it back as If-Match' }),
});
export const createdHeaders = etagHeader.extend({
  Location: z.string().meta({ description: 'Where the new resource is read' }),
});

// ---- shared answers ----

export const positionSchema = z
  .string()
  .regex(CONSISTENT_WITH)
  .meta({ description: 'Global position of the last event (commit-prepare); pass it as consistentWith' });

export const isoInstant = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const labelSchema = z.object({ vi: z.string(), en: z.string() }).meta({ id: 'Label' });
