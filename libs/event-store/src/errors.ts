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
