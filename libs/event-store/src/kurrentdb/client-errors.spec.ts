import {
  AccessDeniedError,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { convertBridgeError } from '@kurrent/kurrentdb-client/dist/utils/convertBridgeError.js';
import { StoreUnavailableError } from '../errors.js';
import { classifyError, DEFAULT_RETRY_POLICY, retryDecision } from './client-errors.js';

// The client's own error classes, built as the client builds them (read in its dist/): if a
// release renames or reshapes them, these tests break rather than the adapter in production.
type ServiceErrorArg = ConstructorParameters<typeof NotLeaderError>[0];
const notLeader = () =>
  new NotLeaderError({
    code: 5,
    details: 'Leader info available',
    message: 'not leader',
    metadata: { 'leader-endpoint-host': 'kurrentdb-2', 'leader-endpoint-port': '2113' },
  } as unknown as ServiceErrorArg);
const wrongVersion = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'doc-1', expected: 3n, current });

describe('classifyError', () => {
  it('recognises the wrong expected version and a missing stream', () => {
    expect(classifyError(wrongVersion(4n))).toBe('wrong-expected-version');
    expect(classifyError(new StreamNotFoundError(undefined, 'doc-1'))).toBe('stream-not-found');
  });

  it('treats a moved leader, an unavailable node and a deadline as transient', () => {
    expect(notLeader().leader).toEqual({ address: 'kurrentdb-2', port: 2113 });
    for (const error of [
      notLeader(),
      new UnavailableError(),
      new DeadlineExceededError(),
      new TimeoutError(),
    ]) {
      expect(classifyError(error)).toBe('transient');
    }
  });

  it('treats gRPC errors the client did not convert by their status code', () => {
    // What appendToStream throws when nothing listens (seen from the real client against port 1).
    const refused = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    expect(classifyError(refused)).toBe('transient');
    expect(classifyError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toBe('transient');
    expect(classifyError(Object.assign(new Error('7 PERMISSION_DENIED'), { code: 7 }))).toBe('fatal');
  });

  it('treats errors from another copy of the client, or the native bridge, by type or name', () => {
    expect(classifyError({ type: 'not-leader' })).toBe('transient');
    expect(classifyError({ type: 'wrong-expected-version' })).toBe('wrong-expected-version');
    expect(classifyError(Object.assign(new Error('x'), { name: 'UnavailableError' }))).toBe('transient');
    expect(classifyError(Object.assign(new Error('x'), { name: 'StreamNotFoundError' }))).toBe(
      'stream-not-found',
    );
    expect(classifyError(new Error('Failed to discover after 10 attempts.'))).toBe('transient');
  });

  // The native bridge (every read) throws plain Errors named by the Rust client's error; the
  // client converts the names it knows and makes every other one an UnknownError (its
  // convertBridgeError, called here as the client calls it): a connection reset, a server
  // restarting mid-read, a gRPC status the bridge has no name for.
  const fromBridge = (name: string, message = 'from the bridge') =>
    convertBridgeError(Object.assign(new Error(message), { name, metadata: {} }), 'doc-1');

  it('treats an unrecognised bridge error, and an unknown or cancelled call, as transient', () => {
    for (const name of ['UnknownError', 'GrpcConnectionError', 'ServerError', 'ConnectionClosed']) {
      const error = fromBridge(name);
      expect(error).toBeInstanceOf(UnknownError);
      expect(classifyError(error)).toBe('transient');
    }
    expect(classifyError(fromBridge('UnavailableError'))).toBe('transient');
    expect(classifyError(fromBridge('DeadlineExceededError'))).toBe('transient');
    // gRPC answers the client converts (appends go through grpc-js, not the bridge).
    const grpc = (code: number, details: string) =>
      convertToCommandError(
        Object.assign(new Error(`${code} ${details}`), { code, details, metadata: undefined }),
      );
    expect(grpc(2, 'Stream removed')).toBeInstanceOf(UnknownError);
    expect(grpc(1, 'Cancelled by server')).toBeInstanceOf(CancelledError);
    for (const error of [
      grpc(2, 'Stream removed'),
      grpc(1, 'Cancelled by server'),
      new UnknownError(),
      new CancelledError(),
    ])
      expect(classifyError(error)).toBe('transient');
  });

  it('treats gRPC errors the client left unconverted as transient when the server may answer again', () => {
    for (const code of [1, 2, 8, 10, 13, 14, 15])
      expect(classifyError(Object.assign(new Error(`${code}`), { code }))).toBe('transient');
    for (const code of [3, 5, 6, 7, 9, 11, 12, 16])
      expect(classifyError(Object.assign(new Error(`${code}`), { code }))).toBe('fatal');
  });

  it('keeps programming, validation and permission errors fatal', () => {
    for (const error of [
      new AccessDeniedError(),
      fromBridge('AccessDeniedError'),
      StreamDeletedError.fromStreamName('doc-1'),
      fromBridge('StreamDeletedError'),
      new InvalidArgumentError('fromRevision value must be a non-negative integer'),
      MaxAppendSizeExceededError.fromMaxAppendSize(1024),
      new UnsupportedError('multiStreamAppend', '25.1'),
      // A raw bridge error the client did not see (e.g. the connection string, refused by the bridge).
      Object.assign(new Error('bad connection string'), { name: 'ParseError', metadata: {} }),
      new Error('boom'),
      new TypeError('x is not a function'),
      'a string',
      undefined,
    ]) {
      expect(classifyError(error)).toBe('fatal');
    }
  });

  it('turns an unrecognised bridge error into StoreUnavailableError after the retries', () => {
    const error = fromBridge('GrpcConnectionError', 'connection reset');
    expect(retryDecision(error, 1, 'read $all')).toMatchObject({ retry: true });
    const last = retryDecision(error, DEFAULT_RETRY_POLICY.attempts, 'read $all');
    expect(last.retry).toBe(false);
    expect((last as { error: unknown }).error).toBeInstanceOf(StoreUnavailableError);
  });
});

describe('retryDecision', () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 };

  it('retries a transient failure with a jittered, doubling, capped delay', () => {
    const delays = (random: number) =>
      [1, 2, 3].map((attempt) => retryDecision(new UnavailableError(), attempt, 'x', policy, () => random));
    expect(delays(0)).toEqual([50, 100, 150].map((delayMs) => ({ retry: true, delayMs })));
    expect(delays(0.999).map((d) => (d.retry ? d.delayMs : -1))).toEqual([100, 200, 300]);
  });

  it('gives up after the last attempt with StoreUnavailableError, keeping the cause', () => {
    const cause = notLeader();
    const decision = retryDecision(cause, 4, 'append to doc-1', policy);
    expect(decision.retry).toBe(false);
    const error = (decision as { error: StoreUnavailableError }).error;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/append to doc-1 failed after 4 attempts/);
    expect(error.cause).toBe(cause);
  });

  it('never retries anything else, and passes it on unchanged', () => {
    for (const error of [wrongVersion(1n), new AccessDeniedError(), new Error('boom')]) {
      expect(retryDecision(error, 1, 'x', policy)).toEqual({ retry: false, error });
    }
  });

  it('by default tries four times within about a second', () => {
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(4);
    const worst = [1, 2, 3].reduce((sum, attempt) => {
      const d = retryDecision(new UnavailableError(), attempt, 'x', DEFAULT_RETRY_POLICY, () => 0.999);
      return sum + (d.retry ? d.delayMs : 0);
    }, 0);
    expect(worst).toBeLessThanOrEqual(700);
  });
});
