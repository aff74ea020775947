import { z } from 'zod';
import { createHash, randomUUID } from 'node:crypto';
import { ProblemException } from './problem.js';

/**
 * `If-Match: "3"` (or a bare `3`) → 3. Missing is 428; a weak tag (`W/"3"`), unbalanced quotes, a
 * list or `*` is 400: a revision is a strong validator, and If-Match compares strongly (RFC 9110).
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new ProblemException(
      428,
      'HTTP.PRECONDITION_REQUIRED',
      'If-Match with the document revision is required',
    );
  }
  const m = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(header);
  if (!m)
    throw new ProblemException(400, 'HTTP.BAD_IF_MATCH', 'If-Match must be the document revision, e.g. "3"');
  return Number(m[1] ?? m[2]);
}

const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._~-]{8,128}$/);

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeySchema.safeParse(header).success) {
    throw new ProblemException(
      400,
      'HTTP.BAD_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 8 to 128 URL-safe characters',
    );
  }
  return header;
}

const uuid = z.uuid();
/** A path id: a UUID (lower-cased), or 400 naming what it should have been. */
export function parseUuid(id: string, what = 'The document id'): string {
  if (!uuid.safeParse(id).success) throw new ProblemException(400, 'HTTP.BAD_ID', `${what} must be a UUID`);
  return id.toLowerCase();
}
export const parseDocumentId = (id: string): string => parseUuid(id);

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** The caller's X-Correlation-Id when well formed, else a new one. */
export const correlationIdOf = (headers: Record<string, string | undefined>): string => {
  const given = headers['x-correlation-id'];
  return given && CORRELATION_ID.test(given) ? given : randomUUID();
};

/**
 * What every command carries besides its body: the retry key, the fingerprint that tells a
 * retry from a different request under the same key, and the correlation id.
 */
export const commandMeta = (
  command: { readonly type: string; readonly data: unknown },
  idempotencyKey: string | undefined,
  headers: Record<string, string | undefined>,
) => ({
  idempotencyKey,
  requestHash: requestHash(command.type, command.data),
  correlationId: correlationIdOf(headers),
});

/** A stable fingerprint of a request body: the same key with another body is refused (422). */
export function requestHash(route: string, body: unknown): string {
  return createHash('sha256')
    .update(route)
    .update('\n')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}
