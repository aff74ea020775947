import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.js';

export interface PgliteClientOptions {
  /** Directory for the database files; undefined keeps the database in memory. */
  readonly dataDir?: string;
}

class PgliteTransaction implements SqlClient {
  constructor(private readonly tx: Transaction) {}
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.tx.query<T>(sql, params as unknown[])).rows;
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {
    throw new Error('close the database, not a transaction');
  }
}

/**
 * A SqlClient over PGlite (PostgreSQL in WebAssembly, in this process). PGlite has a single
 * connection and queues every query and transaction behind the running one, so transactions
 * never overlap: an append's row lock is never contended and no transaction stays open while
 * another commits.
 */
export class PgliteClient implements SqlClient {
  private constructor(private readonly db: PGlite) {}

  static async open(options: PgliteClientOptions = {}): Promise<PgliteClient> {
    const db = options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
    return new PgliteClient(db);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params as unknown[])).rows;
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new PgliteTransaction(tx)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
