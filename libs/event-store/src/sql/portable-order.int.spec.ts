import { randomBytes } from 'node:crypto';
import { commandEvents, readAllOf, uniqueStream } from '../contract/fixtures.js';
import type { RecordedEvent } from '../event-store.port.js';
import { comparePositions, type Position } from '../position.js';
import { verifyStream } from '../verify-stream.js';
import { createPgEventStore, createPgliteEventStore } from './factories.js';
import { PostgresEventStore } from './postgres-event-store.js';
import type { SqlClient } from './sql-client.js';

// Issue 8 item 10: the stored order must survive a restore into another cluster, and a store
// of the old layout (order key = transaction id) must be migrated at start with every position
// (and so every read-model checkpoint) keeping its meaning.

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas = [1, 2].map(() => `es_order_${randomBytes(6).toString('hex')}`);
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  const admin = await createPgEventStore({ url, schema: schemas[0] });
  for (const s of schemas) await admin.sql.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.close();
  for (const o of opened) await o.close().catch(() => undefined);
});

/** What pg_dump --data-only and a restore do: every row verbatim, the sequence moved past it. */
async function restore(from: SqlClient, to: SqlClient, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const rows = await from.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table} t`);
    const columns = await to.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
        WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      [table],
    );
    const list = columns.map((c) => c.name).join(', ');
    await to.query(`DELETE FROM ${table}`);
    await to.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`,
      [`[${rows.map((r) => r.row).join(',')}]`],
    );
  }
  await to.query(`SELECT setval(pg_get_serial_sequence('events', 'position'), max(position)) FROM events`);
}

const currentXid = async (sql: SqlClient) =>
  BigInt((await sql.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x'))[0].x);

const summary = (events: readonly RecordedEvent[]) => events.map((e) => ({ id: e.id, position: e.position }));

describe('a portable global order', () => {
  it('reads a history restored into a cluster with a younger transaction counter, and sorts new events after it', async () => {
    const source = await createPgEventStore({ url, schema: schemas[0] });
    opened.push(source);
    const streams = [1, 2, 3].map(() => uniqueStream('restored'));
    for (const s of streams) {
      await source.append(s, commandEvents(1), { expectedRevision: 'no-stream' });
      await source.append(s, commandEvents(1), { expectedRevision: 0 });
    }
    const history = (await readAllOf(source, new Set(streams), 6)).mine;
    expect(history).toHaveLength(6);

    const target = await createPgliteEventStore();
    opened.push(target);
    const last = history[history.length - 1].position;
    // The scenario needs a younger counter than the history's: a fresh PGlite has one.
    expect(await currentXid(target.sql)).toBeLessThan(last.commit);
    await restore(source.sql, target.sql, await storeTables(target.sql));
    const restarted = await PostgresEventStore.create(target.sql); // what a process start does

    const read = await readAllOf(restarted, new Set(streams), 6);
    expect(summary(read.mine)).toEqual(summary(history));
    for (const s of streams) expect((await verifyStream(restarted, s)).verdict).toEqual({ ok: true });

    const [next] = commandEvents(1);
    const appended = await restarted.append(streams[0], [next], { expectedRevision: 1 });
    expect(comparePositions(appended.position, last)).toBeGreaterThan(0);
    const after = await readAllOf(restarted, new Set(streams), 1, { after: last });
    expect(after.mine.map((e) => e.id)).toEqual([next.id]);
  });

  it('migrates a store of the old layout at start, keeping every position', async () => {
    const schema = schemas[1];
    const raw = await createPgEventStore({ url, schema: schemas[0] }); // any pool to reach the server
    opened.push(raw);
    await raw.sql.query(`CREATE SCHEMA ${schema}`);
    for (const statement of OLD_LAYOUT) await raw.sql.query(statement.replaceAll('$schema', schema));
    const s = uniqueStream('old-layout');
    const old: Position[] = [];
    for (const [revision, e] of commandEvents(2).entries()) {
      const [row] = await raw.sql.query<{ commit: string; prepare: string }>(
        `INSERT INTO ${schema}.events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
         VALUES ($1, $2, $3, $4, $5, $6, now(), 'h', NULL)
         RETURNING transaction_id::text AS commit, position::text AS prepare`,
        [s, revision, e.id, e.type, e.data, e.metadata],
      );
      old.push({ commit: BigInt(row.commit), prepare: BigInt(row.prepare) });
    }
    await raw.sql.query(`INSERT INTO ${schema}.streams VALUES ($1, 1)`, [s]);

    const store = await createPgEventStore({ url, schema });
    opened.push(store);
    const { mine } = await readAllOf(store, new Set([s]), 2);
    expect(mine.map((e) => e.position)).toEqual(old);
    const appended = await store.append(s, commandEvents(1), { expectedRevision: 1 });
    expect(comparePositions(appended.position, old[1])).toBeGreaterThan(0);
    await store.init(); // a second start finds nothing to do
    expect((await readAllOf(store, new Set([s]), 3)).mine).toHaveLength(3);
  });
});

/** The store's own tables that exist in `sql` (store_clock only once the layout has it). */
async function storeTables(sql: SqlClient): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT name FROM unnest(ARRAY['streams', 'events', 'store_clock']) AS name WHERE to_regclass(name) IS NOT NULL`,
  );
  return rows.map((r) => r.name);
}

/** The layout before commit_order (schema.ts until issue 8 item 10). */
const OLD_LAYOUT = [
  `CREATE TABLE $schema.streams (stream_id text PRIMARY KEY, revision bigint NOT NULL)`,
  `CREATE TABLE $schema.events (
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
  `CREATE INDEX events_transaction_id_position ON $schema.events (transaction_id, position)`,
];
