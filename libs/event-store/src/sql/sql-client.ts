/**
 * The little of a PostgreSQL connection the event store needs, so one implementation serves the
 * `pg` pool and PGlite (and the read side can share the same connection later).
 */
export interface SqlClient {
  /**
   * Runs one statement with `$1`-style parameters and returns its rows. A `name` makes it a
   * prepared statement on servers that keep them per connection (parsed and planned once): only
   * for hot statements whose text never varies.
   */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /**
   * Runs `fn` in a transaction (READ COMMITTED) on one connection: committed when `fn` resolves,
   * rolled back when it throws. On a client that already is a transaction, `fn` joins it.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface QueryOptions {
  readonly name?: string;
}

/** SQLSTATE of a unique violation: the loser of two identical appends racing may see it. */
export const UNIQUE_VIOLATION = '23505';

export const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
