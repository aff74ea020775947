import {
  ErrorType,
  isCommandError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../errors.js';

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
  /**
   * The cluster did not answer, or not usably, but may soon: no leader, leader moved, node down,
   * deadline, a call cut off or cancelled by the server, and any error the client could not
   * name (UnknownError: every bridge error it does not recognise ends up as one).
   */
  | 'transient'
  /**
   * A request no retry can mend (access denied, a bad argument, a deleted stream, an append too
   * large, a feature the server lacks) and every error of our own code: surfaced as it is.
   */
  | 'fatal';

/**
 * The client's error types (ErrorType) that a retry cannot mend. Every other error the client
 * raises is transient, so that an error type the client adds, or an UnknownError wrapping a
 * failure the client did not recognise, is retried and then answered as unavailable (503 with
 * Retry-After) instead of as a bug (500, a projection stopped).
 */
const FATAL_TYPES: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.INVALID_TRANSACTION,
  ErrorType.NOT_FOUND,
  ErrorType.NO_STREAM,
  ErrorType.STREAM_DELETED,
  ErrorType.STREAM_TOMBSTONED,
  ErrorType.SCAVENGE_NOT_FOUND,
  ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED,
  ErrorType.TRANSACTION_MAX_SIZE_EXCEEDED,
  ErrorType.APPEND_RECORD_SIZE_EXCEEDED,
  ErrorType.APPEND_CONSISTENCY_VIOLATION,
  ErrorType.MISSING_REQUIRED_METADATA_PROPERTY,
  ErrorType.PERSISTENT_SUBSCRIPTION_FAILED,
  ErrorType.PERSISTENT_SUBSCRIPTION_DOES_NOT_EXIST,
  ErrorType.PERSISTENT_SUBSCRIPTION_EXISTS,
  ErrorType.PERSISTENT_SUBSCRIPTION_DROPPED,
  ErrorType.MAXIMUM_SUBSCRIBERS_REACHED,
  ErrorType.USER_NOT_FOUND,
  ErrorType.USER_CONFLICT,
  ErrorType.UNSUPPORTED,
]);
const CLIENT_TYPES: ReadonlySet<string> = new Set(Object.values(ErrorType));

/**
 * gRPC status codes of a call that grpc-js failed without the client converting it (appends go
 * through grpc-js) and the server may answer differently on a retry: CANCELLED (1), UNKNOWN (2,
 * also a connection reset), DEADLINE_EXCEEDED (4), RESOURCE_EXHAUSTED (8), ABORTED (10),
 * INTERNAL (13), UNAVAILABLE (14), DATA_LOSS (15, which the client itself maps to unavailable).
 * The others (bad argument, not found, permission, unimplemented …) are fatal.
 */
const TRANSIENT_GRPC_CODES: ReadonlySet<number> = new Set([1, 2, 4, 8, 10, 13, 14, 15]);

/**
 * Names of the errors the native bridge throws (read in its binary) before the client converts
 * them, and of the client's classes, as seen on errors from another copy of the client.
 */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'NotLeaderError',
  'UnavailableError',
  'DeadlineExceededError',
  'TimeoutError',
  'UnknownError',
  'CancelledError',
]);

/**
 * Classifies by the client's classes and, for errors that reach us from another copy of the
 * client or unconverted from gRPC or the native bridge, by their `type`, `name` or gRPC `code`.
 */
export const classifyError = (error: unknown): ErrorKind => {
  if (error instanceof WrongExpectedVersionError) return 'wrong-expected-version';
  if (error instanceof StreamNotFoundError) return 'stream-not-found';
  if (error === null || typeof error !== 'object') return 'fatal';
  const { type, name, code, message } = error as {
    type?: unknown;
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (type === ErrorType.WRONG_EXPECTED_VERSION) return 'wrong-expected-version';
  if (type === ErrorType.STREAM_NOT_FOUND || name === 'StreamNotFoundError') return 'stream-not-found';
  // One of the client's errors (isCommandError, or the same `type` from another copy of it).
  if (
    (error instanceof Error && isCommandError(error)) ||
    (typeof type === 'string' && CLIENT_TYPES.has(type))
  )
    return typeof type === 'string' && FATAL_TYPES.has(type) ? 'fatal' : 'transient';
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return 'transient';
  if (typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code)) return 'transient';
  // The client's cluster discovery gives up with a plain Error when no node answers.
  if (typeof message === 'string' && message.startsWith('Failed to discover after')) return 'transient';
  return 'fatal';
};

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
