import { PGlite, parse, protocol } from '@electric-sql/pglite';
import type { QueryOptions, SqlClient } from './sql-client.js';

export interface PgliteClientOptions {
  /** Directory for the database files; undefined keeps the database in memory. */
  readonly dataDir?: string;
}

type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/** A statement parsed once on PGlite's one connection, kept under a name of its own. */
interface Prepared {
  readonly name: string;
  /** Parameter type ids, for PGlite's serializers (as its own query() looks them up). */
  readonly paramTypes: readonly number[];
}

/** How many statement texts stay prepared (least recently used closed first). */
export const PGLITE_PREPARED_STATEMENTS = 256;

/** "cached plan must not change result type": a table under a kept statement changed shape. */
const CACHED_PLAN_CHANGED = '0A000';

interface RowDescription {
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
}

// The portal's own description each time: a statement's result may change shape between runs
// (FETCH from a cursor of the same name over another table).
const DESCRIBE_EXECUTE_SYNC = Buffer.concat([
  protocol.serialize.describe({ type: 'P' }),
  protocol.serialize.execute({}),
  protocol.serialize.sync(),
]);

/**
 * Bind (all parameters and results as text) of a prepared statement, then Describe, Execute and
 * Sync: one message for one trip into the engine. Written here because pg-protocol's bind measures
 * each string's UTF-8 length twice in JavaScript.
 */
const bindExecuteSync = (statement: string, values: readonly (string | null)[]): Uint8Array => {
  const nameLength = Buffer.byteLength(statement);
  const lengths = values.map((v) => (v === null ? -1 : Buffer.byteLength(v)));
  // 'B', length, portal "", statement, no parameter format codes, the parameters, no result formats
  const bodyLength = 4 + 1 + nameLength + 1 + 2 + 2 + lengths.reduce((n, l) => n + 4 + Math.max(l, 0), 0) + 2;
  const out = Buffer.allocUnsafe(1 + bodyLength + DESCRIBE_EXECUTE_SYNC.length);
  let at = out.writeUInt8(0x42, 0);
  at = out.writeInt32BE(bodyLength, at);
  at = out.writeUInt8(0, at);
  at += out.write(statement, at);
  at = out.writeUInt8(0, at);
  at = out.writeInt16BE(0, at);
  at = out.writeInt16BE(values.length, at);
  values.forEach((value, i) => {
    at = out.writeInt32BE(lengths[i], at);
    if (value !== null) at += out.write(value, at);
  });
  at = out.writeInt16BE(0, at);
  DESCRIBE_EXECUTE_SYNC.copy(out, at);
  return out;
};

/** The rows of one result as PGlite's parseResults makes them, without its copies. */
function rowsOf<T>(messages: readonly BackendMessage[], parsers: PGlite['parsers']): T[] {
  let fields: RowDescription['fields'] = [];
  const rows: T[] = [];
  for (const message of messages) {
    if (message.name === 'rowDescription') fields = (message as unknown as RowDescription).fields;
    if (message.name !== 'dataRow') continue;
    const values = (message as unknown as { fields: (string | null)[] }).fields;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const { name, dataTypeID } = fields[i];
      const parser = parsers[dataTypeID];
      row[name] = value === null ? null : parser ? parser(value, dataTypeID) : value;
    }
    rows.push(row as T);
  }
  return rows;
}

class PgliteTransaction implements SqlClient {
  closed = false;
  constructor(private readonly client: PgliteClient) {}
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.closed) throw new Error('Transaction is closed');
    return this.client.run<T>(sql, params, true);
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
 *
 * Every statement text is parsed once and kept as a named prepared statement (PostgreSQL then
 * plans it once when a generic plan does as well as a custom one); each run is then one trip into
 * the engine (Bind, Describe, Execute, Sync in one message) where PGlite's own query() makes six (Parse,
 * Describe, Bind, Describe, Execute, Sync), parsing and planning the statement every time.
 */
export class PgliteClient implements SqlClient {
  private readonly statements = new Map<string, Prepared>();
  private named = 0;
  /** Statement trips into the engine since opening (Bind/Execute or simple query), for tests. */
  statementsRun = 0;

  private constructor(private readonly db: PGlite) {}

  static async open(options: PgliteClientOptions = {}): Promise<PgliteClient> {
    const db = options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
    return new PgliteClient(db);
  }

  async query<T>(sql: string, params: readonly unknown[] = [], _options?: QueryOptions): Promise<T[]> {
    await this.db._checkReady();
    return this.db._runExclusiveTransaction(() => this.run<T>(sql, params, false));
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db._runExclusiveTransaction(async () => {
      await this.simple('BEGIN');
      const tx = new PgliteTransaction(this);
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        tx.closed = true;
        await this.simple('ROLLBACK');
        throw error;
      }
      tx.closed = true;
      const [commit] = await this.simple('COMMIT');
      // COMMIT of a transaction a failed statement aborted answers ROLLBACK.
      if (commit?.command === 'ROLLBACK') throw new Error('Transaction was rolled back instead of committed');
      await this.db.syncToFs();
      return result;
    });
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }

  /** One statement, the caller holding PGlite's transaction lock (a query's own, or a transaction's). */
  async run<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> {
    return this.db._runExclusiveQuery(async () => {
      try {
        return await this.execute<T>(sql, params, inTransaction);
      } catch (error) {
        // A table under a kept statement changed its columns: prepare it again (outside a
        // transaction only: inside, the error has aborted it).
        if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED || !this.statements.has(sql))
          throw error;
        await this.forget(sql);
        if (inTransaction) throw error;
        return this.execute<T>(sql, params, inTransaction);
      }
    });
  }

  private async execute<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> {
    const statement = this.statements.get(sql) ?? (await this.prepare(sql));
    // Most recently used last: the first is the one to close when there are too many.
    this.statements.delete(sql);
    this.statements.set(sql, statement);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = this.db.serializers[statement.paramTypes[i] ?? 0];
      return serialize ? serialize(value) : String(value as string);
    });
    this.statementsRun++;
    const messages = await this.db.execProtocolStream(bindExecuteSync(statement.name, values), {
      syncToFs: !inTransaction,
    });
    return rowsOf<T>(messages, this.db.parsers);
  }

  private async prepare(sql: string): Promise<Prepared> {
    if (this.statements.size >= PGLITE_PREPARED_STATEMENTS) {
      const [oldest] = this.statements.keys();
      if (oldest !== undefined) await this.forget(oldest);
    }
    const name = `draftline_${++this.named}`;
    const messages = await this.db.execProtocolStream(
      Buffer.concat([
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
    };
    this.statements.set(sql, statement);
    return statement;
  }

  private async forget(sql: string): Promise<void> {
    const statement = this.statements.get(sql);
    if (!statement) return;
    this.statements.delete(sql);
    await this.db.execProtocolStream(
      Buffer.concat([
        protocol.serialize.close({ type: 'S', name: statement.name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false, throwOnError: false },
    );
  }

  /** A statement without parameters by the simple protocol (BEGIN, COMMIT, ROLLBACK). */
  private async simple(sql: string) {
    this.statementsRun++;
    const messages = await this.db._runExclusiveQuery(() =>
      this.db.execProtocolStream(Buffer.concat([protocol.serialize.query(sql), protocol.serialize.sync()]), {
        syncToFs: false,
      }),
    );
    return parse.parseResults(messages, this.db.parsers);
  }
}
