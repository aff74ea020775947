/**
 * SQLSTATE classes and codes that say "the database could not do it now", not "this event
 * cannot be applied": connection exceptions (08), transaction rollbacks such as serialization
 * failures and deadlocks (40), insufficient resources such as a full disk (53), operator
 * intervention such as a statement timeout, a cancel or a shutdown (57), system errors such as
 * I/O (58), and a lock not available (55P03). Retrying the batch later mends them.
 */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);
const TRANSIENT_CODES = new Set(['55P03']);

/** Node socket errors: the connection, not the event, failed. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Messages of `pg` errors that carry no SQLSTATE (the socket went away under a query). */
const LOST_CONNECTION = [
  /connection terminated/i,
  /terminating connection/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?closed/i,
  /cannot use a pool after calling end/i,
];

/**
 * True when `error` says the database or its connection failed for now (retry the whole batch
 * after a back-off, never park); false when the event itself is the cause (a projection bug, a
 * constraint or data error: retry a few times, then park it).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransientBatchError) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && cause !== error && isTransient(cause)) return true;
  const state = (error as { code?: unknown } | null)?.code;
  if (typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state))
    return TRANSIENT_CLASSES.has(state.slice(0, 2)) || TRANSIENT_CODES.has(state);
  if (typeof state === 'string' && NETWORK_CODES.has(state)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return LOST_CONNECTION.some((pattern) => pattern.test(message));
}

/** A batch stopped by a transient error: the checkpoint did not move; the runner backs off. */
export class TransientBatchError extends Error {
  constructor(
    projection: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`projection ${projection}: transient error, batch retried later (${reason})`);
    this.name = 'TransientBatchError';
  }
}

/**
 * The pause before retry number `failures` (1-based): `baseMs` doubled per consecutive failure,
 * capped at `maxMs`, with up to a quarter of jitter so runners that failed together spread out.
 */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(exponential * (0.75 + 0.25 * random()));
}
