import pg from 'pg';
import { StoreUnavailableError } from '../errors.js';
import type { QueryOptions, SqlClient } from './sql-client.js';

export interface PgClientOptions {
  /** `postgres://user@host:port/db` */
  readonly url: string;
  /** Schema for the store's tables, created if missing; tests use one each to run in parallel. */
  readonly schema?: string;
  /** Pool size; defaults to pg's 10. */
  readonly max?: number;
}

/**
 * How long a connect (or a wait for a pooled connection: pg-pool counts both) may take before it
 * is "unavailable" (503). Long enough that a burst queued behind a full pool on a busy machine is
 * served rather than shed; short enough that a server that never answers is not waited on forever.
 */
const CONNECT_TIMEOUT_MS = 30_000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Node-side network failures and the SQLSTATEs that mean "the server is not there or not
 * taking work right now" (connection exception, shutdown, cannot connect now, too many
 * connections, out of resources): a retry may succeed, so callers see StoreUnavailableError.
 */
const isUnavailable = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)/.test(code)) return true;
    if (/^(08|53|57P0)/.test(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    message,
  );
};

const unavailable = <T>(promise: Promise<T>): Promise<T> =>
  promise.catch((error: unknown) => {
    if (isUnavailable(error)) {
      throw new StoreUnavailableError(`PostgreSQL unavailable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  });

class PgTransaction implements SqlClient {
  constructor(private readonly client: pg.PoolClient) {}
  async query<T>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
    const result = await unavailable(
      this.client.query({ name: options.name, text: sql, values: params as unknown[] }),
    );
    return result.rows as T[];
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {
    throw new Error('close the pool, not a transaction');
  }
}

/** A SqlClient over a `pg.Pool`. */
export class PgClient implements SqlClient {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects (and creates the schema if one is named) so a wrong URL fails at start, not later. */
  static async connect(options: PgClientOptions): Promise<PgClient> {
    const { url, schema, max } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new RangeError(`invalid schema name ${schema}`);
    // search_path as a startup option applies to every pooled connection before its first query.
    const pool = new pg.Pool({
      connectionString: url,
      max,
      options: schema === undefined ? undefined : `-c search_path=${schema}`,
      // A server gone without a word (a cut network) is noticed by TCP keepalive, and a connect
      // that gets no answer fails (StoreUnavailableError) instead of hanging for minutes.
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle client losing its connection emits here (the pool then drops it and opens a new
    // one on demand); without a listener Node would end the process.
    pool.on('error', () => undefined);
    const client = new PgClient(pool);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      else await client.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw error;
    }
    return client;
  }

  async query<T>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
    const result = await unavailable(
      this.pool.query({ name: options.name, text: sql, values: params as unknown[] }),
    );
    return result.rows as T[];
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const client = await unavailable(this.pool.connect());
    // A checked-out client has no listener of the pool's: a connection lost now (a restart, an
    // immediate stop, a cut network) emits 'error' on it, and with no listener Node would end
    // the process. The query in flight, or the next one, fails with it (StoreUnavailableError);
    // the client is then discarded, not given back to the pool.
    let broken: Error | undefined;
    const lost = (error: Error) => {
      broken ??= error;
    };
    client.on('error', lost);
    try {
      await unavailable(client.query('BEGIN'));
      const result = await fn(new PgTransaction(client));
      await unavailable(client.query('COMMIT'));
      return result;
    } catch (error) {
      if (broken === undefined) {
        await client.query('ROLLBACK').catch((e: Error) => {
          // A connection that cannot roll back is not given back to the pool either.
          broken = e;
        });
      }
      throw error;
    } finally {
      client.removeListener('error', lost);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
