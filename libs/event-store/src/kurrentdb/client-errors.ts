import {
  DeadlineExceededError,
  ErrorType,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import { fromCurrentState } from './mapping.js';

/*
 * What a KurrentDB client error means to the store, and what to do about it: pure functions,
 * so the decisions are tested without a server (client-errors.spec.ts builds the client's own
 * error classes).
 */

export type ErrorKind =
  /** The stream was not at the expected state (the append's optimistic check failed). */
  | 'wrong-expected-version'
  /** Reading a stream that does not exist: an empty stream to us. */
  | 'stream-not-found'
  /** The cluster cannot answer now but may soon: no leader, leader moved, node down, deadline. */
  | 'transient'
  /** Anything else (access denied, a bad request, a bug): not retried, surfaced as it is. */
  | 'fatal';

/** gRPC status codes a call may fail with while the cluster elects or a node restarts. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

const TRANSIENT_TYPES: ReadonlySet<string> = new Set([
  ErrorType.NOT_LEADER,
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
]);

/**
 * Classifies by the client's classes and, for errors that reach us from another copy of the
 * client or unconverted from gRPC or the native bridge, by their `type`, `name` or gRPC `code`.
 */
export const classifyError = (error: unknown): ErrorKind => {
  if (error instanceof WrongExpectedVersionError) return 'wrong-expected-version';
  if (error instanceof StreamNotFoundError) return 'stream-not-found';
  if (
    error instanceof NotLeaderError ||
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  )
    return 'transient';
  if (error === null || typeof error !== 'object') return 'fatal';
  const { type, name, code, message } = error as {
    type?: unknown;
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (type === ErrorType.WRONG_EXPECTED_VERSION) return 'wrong-expected-version';
  if (type === ErrorType.STREAM_NOT_FOUND || name === 'StreamNotFoundError') return 'stream-not-found';
  if (typeof type === 'string' && TRANSIENT_TYPES.has(type)) return 'transient';
  if (name === 'NotLeaderError' || name === 'UnavailableError' || name === 'DeadlineExceededError')
    return 'transient';
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return 'transient';
  // The client's cluster discovery gives up with a plain Error when no node answers.
  if (typeof message === 'string' && message.startsWith('Failed to discover after')) return 'transient';
  return 'fatal';
};

/** Our ConcurrencyError from KurrentDB's, with the revision the caller expected. */
export const toConcurrencyError = (
  streamId: string,
  expected: ExpectedRevision,
  error: WrongExpectedVersionError,
): ConcurrencyError => new ConcurrencyError(streamId, expected, fromCurrentState(error.actualState));

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Four attempts over about 0.1 + 0.2 + 0.4 s (with jitter): enough to ride out a leader
 * election in a healthy three-node cluster (typically well under a second), short enough that
 * an HTTP request fails fast with 503 and Retry-After when the cluster is really down.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };

export type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly error: unknown };

/**
 * After attempt `attempt` (1-based) failed with `error`: retry a transient failure after a
 * jittered exponential delay while attempts remain; give up on a transient one with
 * StoreUnavailableError (the API's 503 with Retry-After); pass anything else through unchanged.
 * `random` is in [0, 1) (Math.random in production); the delay is between half and all of the
 * exponential step, so retries from many clients spread out without ever being immediate.
 */
export const retryDecision = (
  error: unknown,
  attempt: number,
  what: string,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision => {
  if (classifyError(error) !== 'transient') return { retry: false, error };
  if (attempt >= policy.attempts) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return {
      retry: false,
      error: new StoreUnavailableError(`KurrentDB: ${what} failed after ${attempt} attempts: ${reason}`, {
        cause: error,
      }),
    };
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(step / 2 + (random() * step) / 2) };
};
