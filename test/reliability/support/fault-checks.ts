// Checks shared by the fault tests: where the store's tail is, whether the live read models have
// reached it, whether they equal a rebuild from zero, and the Jepsen-style command checker.
import { randomBytes } from 'node:crypto';
import { PgClient, START, type EventStore, type Position, type SqlClient } from '#event-store';
import { inProcessLocks, PROJECTIONS, ReadModels } from '#projections';
import type { CommandRecord } from './command-load.js';

/** The last event's position (START for an empty store), read through the port. */
export async function storeTail(store: EventStore): Promise<Position> {
  let after: Position = START;
  for (;;) {
    const page = await store.readAll({ after, limit: 5000 });
    if (page.length === 0) return after;
    after = page[page.length - 1].position;
  }
}

/** True once every projection of the live read side (in `sql`) has reached `position`. */
export async function liveReached(
  store: EventStore,
  sql: SqlClient,
  position: Position,
  timeoutMs: number,
): Promise<boolean> {
  const live = new ReadModels({ store, sql, locks: inProcessLocks, projections: PROJECTIONS, run: false });
  return live.waitForPosition(position, timeoutMs);
}

const digest = async (sql: SqlClient, table: string, key: string) => {
  const [row] = await sql.query<{ n: string; md5: string }>(
    `SELECT count(*)::text AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.${key}), '')) AS md5 FROM ${table} t`,
  );
  return row;
};

/** The read models that a fault test compares with a rebuild from zero. */
const COMPARED = [
  ['document_status', 'id'],
  ['document_history', 'event_id'],
] as const;

/**
 * Rebuilds every projection from zero into a fresh schema of `url` (up to `tail`) and returns
 * the tables whose content differs from the live ones in `live` (empty when they are equal).
 */
export async function differencesFromRebuild(
  store: EventStore,
  live: SqlClient,
  url: string,
  tail: Position,
): Promise<{ differences: string[]; rows: Record<string, string> }> {
  const schema = `rebuild_${randomBytes(5).toString('hex')}`;
  const sql = await PgClient.connect({ url, schema });
  try {
    const rebuild = new ReadModels({
      store,
      sql,
      locks: inProcessLocks,
      projections: PROJECTIONS,
      run: true,
    });
    await rebuild.start();
    const reached = await rebuild.waitForPosition(tail, 60_000);
    await rebuild.stop();
    if (!reached) return { differences: ['the rebuild did not reach the tail in 60 s'], rows: {} };
    const differences: string[] = [];
    const rows: Record<string, string> = {};
    for (const [table, key] of COMPARED) {
      const [a, b] = [await digest(live, table, key), await digest(sql, table, key)];
      rows[table] = a.n;
      if (a.n !== b.n || a.md5 !== b.md5) differences.push(`${table}: live ${a.n} rows, rebuild ${b.n}`);
    }
    return { differences, rows };
  } finally {
    await sql.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await sql.close();
  }
}

/**
 * The checker over a command log (one event per command, no Issue): every ok command stored
 * exactly as answered, once; a definite refusal (only the deliberately stale 412s) left nothing;
 * an unknown one is there once or not at all. Returns the violations found.
 */
export async function commandViolations(sql: SqlClient, log: readonly CommandRecord[]): Promise<string[]> {
  const events = await sql.query<{ type: string; c: string }>(
    `SELECT type, metadata->>'correlationId' AS c FROM events WHERE metadata->>'correlationId' = ANY($1::text[])`,
    [log.map((r) => r.id)],
  );
  const byCommand = new Map<string, string[]>();
  for (const e of events) byCommand.set(e.c, [...(byCommand.get(e.c) ?? []), e.type]);
  const stored = (r: CommandRecord) => byCommand.get(r.id) ?? [];
  const out: string[] = [];
  const none = (what: string, items: readonly CommandRecord[]) => {
    if (items.length > 0)
      out.push(`${what}: ${items.length}, e.g. ${items.slice(0, 3).map((r) => `${r.command} ${r.id}`)}`);
  };
  const ok = log.filter((r) => r.outcome === 'ok');
  const failed = log.filter((r) => r.outcome === 'failed');
  const unknown = log.filter((r) => r.outcome === 'unknown');
  none(
    'ok commands not stored exactly once as answered',
    ok.filter((r) => stored(r).join() !== r.events!.join()),
  );
  none(
    'refusals other than the stale If-Match 412s',
    failed.filter((r) => !(r.stale && r.status === 412)),
  );
  none(
    'failed commands that left events',
    failed.filter((r) => stored(r).length > 0),
  );
  none(
    'unknown commands stored more than once',
    unknown.filter((r) => stored(r).length > 1),
  );
  return out;
}

/** ok / failed / unknown counts of a log, and how many of the unknown ones landed. */
export async function outcomeFigures(sql: SqlClient, log: readonly CommandRecord[]): Promise<string> {
  const unknown = log.filter((r) => r.outcome === 'unknown');
  const [{ n }] = await sql.query<{ n: number }>(
    `SELECT count(DISTINCT metadata->>'correlationId')::int AS n FROM events WHERE metadata->>'correlationId' = ANY($1::text[])`,
    [unknown.map((r) => r.id)],
  );
  const count = (o: string) => log.filter((r) => r.outcome === o).length;
  return `${log.length} commands: ${count('ok')} ok, ${count('failed')} failed, ${unknown.length} unknown (${n} of them stored)`;
}
