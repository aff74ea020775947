import type { ExpectedRevision } from './event-store.port.js';

export class ConcurrencyError extends Error {
  readonly code = 'STORE.CONCURRENCY';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** Some but not all of an append's event ids already exist: not a retry of the same append. */
export class IdempotencyMismatchError extends Error {
  readonly code = 'STORE.IDEMPOTENCY_MISMATCH';
  constructor(readonly stream: string) {
    super(`stream ${stream}: the append repeats some event ids of an earlier append but not all`);
    this.name = 'IdempotencyMismatchError';
  }
}

/** The store cannot be reached or refused the operation for a reason a retry may fix. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE.UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An append inside a transaction that took its transaction id before the stream's previous
 * writer committed: stored, its events would sort before their predecessor in the global order.
 * Nothing was written; the same append in a new transaction succeeds (`append` retries it).
 */
export class StreamOrderConflict extends Error {
  readonly code = 'STORE.ORDER_CONFLICT';
  constructor(readonly stream: string) {
    super(`stream ${stream}: the transaction is older than the stream's last event; retry it in a new one`);
    this.name = 'StreamOrderConflict';
  }
}
