import type { Response } from 'express';
import { parsePosition } from '#event-store';
import type { ReadModels } from '#projections';
import { ProblemException } from '../http/problem.js';

/** `consistentWith` as the query string carries it: a position a command answered with. */
export const CONSISTENT_WITH = /^\d{1,20}-\d{1,20}$/;

/**
 * Read-your-writes: waits (at most `timeoutMs`) until every projection has passed the position;
 * past the bound the caller gets 504 with Retry-After rather than a stale answer.
 */
export async function awaitConsistency(
  readModels: ReadModels | null,
  consistentWith: string | undefined,
  timeoutMs: number,
  res: Response,
): Promise<void> {
  if (consistentWith === undefined || readModels === null) return;
  const position = parsePosition(consistentWith);
  if (!position) throw new ProblemException(400, 'VALIDATION.FAILED', 'consistentWith is not a position');
  if (await readModels.waitForPosition(position, timeoutMs)) return;
  res.setHeader('Retry-After', '1');
  throw new ProblemException(
    504,
    'READ.NOT_CONSISTENT_YET',
    'The read models have not reached that position yet',
    {
      consistentWith,
    },
  );
}

export const readModelsOrUnavailable = (readModels: ReadModels | null): ReadModels => {
  if (readModels) return readModels;
  throw new ProblemException(503, 'READ.UNAVAILABLE', 'Read models need a SQL event store (not memory://)');
};
