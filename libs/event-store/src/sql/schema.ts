import type { SqlClient } from './sql-client.js';

/**
 * The store's tables. `streams` holds one row per stream whose revision is the optimistic
 * concurrency guard: writers of one stream serialize on its row lock. `events.transaction_id`
 * is the writer's transaction id: ordering readers by (transaction_id, position) and reading only
 * below the oldest open transaction keeps a reader from passing an event that commits later with
 * a smaller `position` (a bare bigserial would let it).
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS streams (
     stream_id text PRIMARY KEY,
     revision bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS events (
     position bigserial NOT NULL,
     transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
     stream_id text NOT NULL,
     revision bigint NOT NULL,
     id uuid PRIMARY KEY,
     type text NOT NULL,
     data jsonb NOT NULL,
     metadata jsonb NOT NULL,
     recorded_at timestamptz NOT NULL,
     hash text NOT NULL,
     previous_hash text,
     UNIQUE (stream_id, revision)
   )`,
  `CREATE INDEX IF NOT EXISTS events_transaction_id_position ON events (transaction_id, position)`,
];

/**
 * Creates the tables if missing. Idempotent. The advisory lock (one per schema) is there because
 * two `CREATE TABLE IF NOT EXISTS` racing can still fail on PostgreSQL's catalog unique index.
 * When the tables already exist no DDL runs at all: `CREATE INDEX IF NOT EXISTS` would otherwise
 * queue behind any open writer (a SHARE lock against ROW EXCLUSIVE) and stall every process
 * starting while a long transaction is open.
 */
export const ensureSchema = async (sql: SqlClient): Promise<void> => {
  if (await schemaReady(sql)) return;
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('draftline-schema:' || current_schema())::bigint)`);
    if (await schemaReady(tx)) return;
    for (const statement of DDL) await tx.query(statement);
  });
};

const schemaReady = async (sql: SqlClient): Promise<boolean> => {
  const [row] = await sql.query<{ ready: boolean }>(
    `SELECT to_regclass('events') IS NOT NULL AND to_regclass('streams') IS NOT NULL
        AND to_regclass('events_transaction_id_position') IS NOT NULL AS ready`,
  );
  return row?.ready === true;
};
