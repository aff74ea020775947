import { APPEND_FUNCTIONS } from './append.js';
import type { SqlClient } from './sql-client.js';

/**
 * The store's tables. `streams` holds one row per stream whose revision is the optimistic
 * concurrency guard: writers of one stream serialize on its row lock.
 *
 * Global order is `(commit_order, position)`. `commit_order` is the writer's transaction id plus
 * the store's `order_offset` (store_clock): within one cluster it orders exactly as the
 * transaction id, so reading only below the oldest open transaction (pg_snapshot_xmin, shifted
 * by the same offset) keeps a reader from passing an event that commits later with a smaller
 * `position` (a bare bigserial would let it). Unlike a transaction id it is stored, portable
 * data: an import, or a restore into a cluster whose transaction counter is behind the history,
 * moves the offset so that new events sort after everything already there (anchorOrder).
 * `transaction_id` stays the writer's id in the cluster that wrote the row, for diagnosis only.
 */
const CLOCK = [
  `CREATE TABLE IF NOT EXISTS streams (
     stream_id text PRIMARY KEY,
     revision bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS store_clock (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     order_offset bigint NOT NULL
   )`,
  `INSERT INTO store_clock (order_offset) VALUES (0) ON CONFLICT DO NOTHING`,
];

/** After draftline_commit_order(), which the events' default calls. */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS events (
     position bigserial NOT NULL,
     transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
     commit_order bigint NOT NULL DEFAULT draftline_commit_order(),
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
];

/**
 * A store created before commit_order existed: its order key was the transaction id itself,
 * which is what commit_order is with offset 0, so every stored position (checkpoints in the
 * read models included) keeps its meaning.
 */
const FROM_TRANSACTION_ID = [
  `ALTER TABLE events ADD COLUMN IF NOT EXISTS commit_order bigint`,
  `UPDATE events SET commit_order = transaction_id::text::bigint WHERE commit_order IS NULL`,
  `ALTER TABLE events ALTER COLUMN commit_order SET DEFAULT draftline_commit_order(),
     ALTER COLUMN commit_order SET NOT NULL`,
];

const INDEXES = [
  `CREATE INDEX IF NOT EXISTS events_commit_order_position ON events (commit_order, position)`,
  // Replaced by the index above; it only cost every insert.
  `DROP INDEX IF EXISTS events_transaction_id_position`,
];

/**
 * Creates the tables if missing, brings an older layout up to date, (re)creates the append's
 * functions when one is missing or differs from this code's, and anchors the order key (see
 * anchorOrder). Idempotent. The advisory lock (one per schema) is there because two
 * `CREATE TABLE IF NOT EXISTS` racing can still fail on PostgreSQL's catalog unique index. When
 * the layout is current no table DDL runs at all: `CREATE INDEX IF NOT EXISTS` would otherwise
 * queue behind any open writer (a SHARE lock against ROW EXCLUSIVE) and stall every process
 * starting while a long transaction is open; replacing a function takes no table lock.
 */
export const ensureSchema = async (sql: SqlClient): Promise<void> => {
  const ready = await schemaReady(sql);
  if (!ready.layout || !ready.append) {
    await sql.transaction(async (tx) => {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext('draftline-schema:' || current_schema())::bigint)`,
      );
      const now = await schemaReady(tx);
      if (!now.layout) await createLayout(tx);
      if (!now.append) for (const f of APPEND_FUNCTIONS) await tx.query(f.create);
    });
  }
  if (await orderBehind(sql)) await sql.transaction((tx) => anchorOrder(tx));
};

const createLayout = async (tx: SqlClient): Promise<void> => {
  for (const statement of CLOCK) await tx.query(statement);
  // With the offset the store holds (0 for a new one): never reset on a store being upgraded.
  const [{ offset }] = await tx.query<{ offset: string }>(
    'SELECT order_offset::text AS offset FROM store_clock',
  );
  await tx.query(commitOrderFunction(BigInt(offset)));
  for (const statement of TABLES) await tx.query(statement);
  for (const statement of FROM_TRANSACTION_ID) await tx.query(statement);
  for (const statement of INDEXES) await tx.query(statement);
};

/** Whether every table and index is there; whether the append's functions are, as this code writes them. */
const schemaReady = async (sql: SqlClient): Promise<{ layout: boolean; append: boolean }> => {
  const current = APPEND_FUNCTIONS.map(
    (_, i) =>
      `coalesce((SELECT prosrc = $${2 * i + 1} FROM pg_proc WHERE oid = to_regprocedure($${2 * i + 2})), false)`,
  );
  const [row] = await sql.query<{ layout: boolean; append: boolean }>(
    `SELECT to_regclass('streams') IS NOT NULL AND to_regclass('store_clock') IS NOT NULL
        AND to_regclass('events_commit_order_position') IS NOT NULL
        AND to_regclass('events_transaction_id_position') IS NULL AS layout,
        ${current.join(' AND ')} AS append`,
    APPEND_FUNCTIONS.flatMap((f) => [f.body, f.signature]),
  );
  return { layout: row?.layout === true, append: row?.append === true };
};

/**
 * Whether the newest stored order key is at or above what this cluster's next transaction would
 * get (xmax): never so while the store lives in one cluster, but after a restore into a cluster
 * with a younger transaction counter the history would sit above the read bound (invisible) and
 * new events would sort before it.
 */
const BEHIND = `(SELECT max(commit_order) FROM events)
                  >= pg_snapshot_xmax(pg_current_snapshot())::text::bigint + order_offset`;

const orderBehind = async (sql: SqlClient): Promise<boolean> => {
  const [row] = await sql.query<{ behind: boolean | null }>(`SELECT ${BEHIND} AS behind FROM store_clock`);
  return row?.behind === true;
};

/**
 * Moves the order offset, if needed, so that every transaction that writes from now on sorts
 * after every stored event, and every stored event is below the read bound: at start when the
 * history is ahead of this cluster (BEHIND), and after an import. The oldest open transaction
 * (xmin) is the base: any transaction that writes later has an id at least that. Runs in `tx`,
 * holding off writers (a SHARE lock on events) so that no event is written with the old offset
 * meanwhile.
 */
export const anchorOrder = async (tx: SqlClient): Promise<void> => {
  await tx.query('LOCK TABLE events IN SHARE MODE');
  const [moved] = await tx.query<{ offset: string }>(
    `UPDATE store_clock
        SET order_offset = (SELECT max(commit_order) FROM events) + 1 - ${XMIN}
      WHERE (SELECT max(commit_order) FROM events) >= ${XMIN} + order_offset
      RETURNING order_offset::text AS offset`,
  );
  if (moved) await tx.query(commitOrderFunction(BigInt(moved.offset)));
};

/**
 * The order key of the calling transaction: its id plus the store's offset, the offset written
 * into the body (and kept equal to store_clock's by anchorOrder) so that the planner inlines the
 * function into every insert instead of running a query per row. Unqualified on purpose: the
 * store always runs with its own schema first on the search_path, and a dump restored under
 * another schema name keeps working.
 */
function commitOrderFunction(offset: bigint): string {
  return `CREATE OR REPLACE FUNCTION draftline_commit_order() RETURNS bigint LANGUAGE sql VOLATILE AS
            'SELECT pg_current_xact_id()::text::bigint + (${offset.toString()})::bigint'`;
}

const XMIN = 'pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

/**
 * The read bound in order-key terms: events below it were committed by transactions older than
 * every one still open. Offset and xmin read in the same statement as the events.
 */
export const READ_BOUND = `(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint + order_offset FROM store_clock)`;
