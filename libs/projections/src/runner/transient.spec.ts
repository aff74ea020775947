import { backoffMs, isTransient, TransientBatchError } from './transient.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which errors a projection retries without parking', () => {
  it.each([
    ['57014', 'canceling statement due to statement timeout'],
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access'],
    ['53100', 'could not extend file: No space left on device'],
    ['53300', 'too many connections'],
    ['55P03', 'could not obtain lock'],
    ['57P01', 'terminating connection due to administrator command'],
    ['08006', 'connection failure'],
  ])('%s (%s) is transient', (code, message) => {
    expect(isTransient(pgError(code, message))).toBe(true);
  });

  it.each([
    ['23505', 'duplicate key'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['42703', 'column does not exist'],
    ['23502', 'null value violates not-null constraint'],
  ])('%s (%s) is deterministic', (code, message) => {
    expect(isTransient(pgError(code, message))).toBe(false);
  });

  it('treats a lost socket as transient and a projection bug as deterministic', () => {
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient(Object.assign(new Error('read'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new TransientBatchError('p', pgError('57014')))).toBe(true);
    expect(isTransient(new Error('revision 3 after 1'))).toBe(false);
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isTransient('a string')).toBe(false);
  });
});

describe('the back-off before a batch is retried', () => {
  it('doubles per failure and stays under its bound', () => {
    const noJitter = () => 1;
    expect([1, 2, 3, 4, 5, 6, 20, 1000].map((n) => backoffMs(n, 100, 3000, noJitter))).toEqual([
      100, 200, 400, 800, 1600, 3000, 3000, 3000,
    ]);
    expect(backoffMs(3, 100, 3000, () => 0)).toBe(300); // jitter takes off at most a quarter
  });
});
