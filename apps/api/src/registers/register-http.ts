import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ProblemException } from '../http/problem.js';

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;
const uuid = z.uuid();

/** The caller's X-Correlation-Id when well formed, else a new one (as for documents). */
export const correlationIdOf = (headers: Record<string, string | undefined>): string => {
  const given = headers['x-correlation-id'];
  return given && CORRELATION_ID.test(given) ? given : randomUUID();
};

export function parseEntryId(id: string): string {
  if (!uuid.safeParse(id).success) throw new ProblemException(400, 'HTTP.BAD_ID', 'The id must be a UUID');
  return id.toLowerCase();
}
