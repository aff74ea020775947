import pg from 'pg';
import { PgClient, PgliteClient, type EventStore, type SqlClient } from '#event-store';
import { inProcessLocks, postgresLocks, type LockFactory } from './runner/projection-lock.js';

/** Where read models live, how a runner takes its projection's lock there, and who closes it. */
export interface ReadModelDatabase {
  readonly sql: SqlClient;
  readonly locks: LockFactory;
  /** True when opened here (READ_MODEL_URL), so the host closes it; the store's own is the store's. */
  readonly owned: boolean;
}

/**
 * READ_MODEL_URL when given; otherwise the event store's own database (`store.sql`), so embedded
 * mode keeps everything in its one PGlite database and `postgres://…?schema=x` keeps read models
 * in that schema. Undefined when there is neither (the in-memory store): no read side.
 */
export async function openReadModelDatabase(
  url: string | undefined,
  store: EventStore,
): Promise<ReadModelDatabase | undefined> {
  if (url?.startsWith('pglite://')) {
    const path = url.slice('pglite://'.length);
    const sql = await PgliteClient.open(path === 'memory' ? {} : { dataDir: path });
    return { sql, locks: inProcessLocks, owned: true };
  }
  if (url !== undefined) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    const sql = await PgClient.connect({ url: parsed.toString(), schema });
    return { sql, locks: locksFor(sql), owned: true };
  }
  const sql = (store as { sql?: SqlClient }).sql;
  return sql === undefined ? undefined : { sql, locks: locksFor(sql), owned: false };
}

/**
 * A PgClient's lock connections copy its pool's settings (URL and search_path), so the lock is
 * keyed by the same schema the read models are in. PGlite is one process: trivially held.
 */
function locksFor(sql: SqlClient): LockFactory {
  if (!(sql instanceof PgClient)) return inProcessLocks;
  // PgClient keeps its pool private; its connection settings are all the lock needs.
  const pool = Reflect.get(sql, 'pool') as pg.Pool;
  const { connectionString, options } = pool.options as pg.PoolConfig;
  return postgresLocks({ connection: { connectionString, options } });
}
