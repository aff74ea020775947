import type { Response } from 'express';
import { formatPosition, parsePosition } from '#event-store';
import { PositionBeyondHead, type ReadModels } from '#projections';
import { ProblemException } from '../http/problem.js';

/** `consistentWith` as the query string carries it: a position a command answered with. */
export const CONSISTENT_WITH = /^\d{1,20}-\d{1,20}$/;

/**
 * Read-your-writes: waits (at most `timeoutMs`) until every projection has passed the position;
 * past the bound the caller gets 504 with Retry-After rather than a stale answer. A position
 * beyond the store's newest event was never answered by a command and no wait reaches it: 400 at
 * once, instead of holding the request (and, embedded, the one database connection) for the bound.
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
  const reached = await readModels.waitForPosition(position, timeoutMs).catch((error: unknown) => {
    if (!(error instanceof PositionBeyondHead)) throw error;
    throw new ProblemException(
      400,
      'READ.POSITION_BEYOND_HEAD',
      `consistentWith ${consistentWith} is beyond the newest event in the store (${formatPosition(error.head)}): no command answered it`,
      { consistentWith, head: formatPosition(error.head) },
    );
  });
  if (reached) return;
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
