// Reads of the deadlines read model, for the processor, the reconciler and the status view.
import type { SqlClient } from '#event-store';
import type { Clock } from '../clock.types.js';

type Row = { clock: Clock | string };
const NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const parse = (r: Row): Clock => (typeof r.clock === 'string' ? (JSON.parse(r.clock) as Clock) : r.clock);

export async function clockById(sql: SqlClient, clockId: string): Promise<Clock | undefined> {
  const rows = await sql.query<Row>('SELECT clock FROM deadlines WHERE clock_id = $1', [clockId]);
  return rows[0] && parse(rows[0]);
}

/**
 * A clock of the read model (undefined when absent) and the database's time, in one round trip:
 * what a reminder job reads first.
 */
export async function clockAndNow(
  sql: SqlClient,
  clockId: string,
): Promise<{ clock: Clock | undefined; now: number }> {
  const [row] = await sql.query<{ clock: Clock | string | null; now: string }>(
    `SELECT d.clock, ${NOW} AS now FROM (SELECT 1) AS one LEFT JOIN deadlines d ON d.clock_id = $1`,
    [clockId],
  );
  return { clock: row.clock === null ? undefined : parse(row as Row), now: Date.parse(row.now) };
}

/** Many clocks of the read model (absent ones left out) and the database's time, in one round trip. */
export async function clocksAndNow(
  sql: SqlClient,
  clockIds: readonly string[],
): Promise<{ clocks: Map<string, Clock>; now: number }> {
  const rows = await sql.query<{ clock: Clock | string | null; now: string }>(
    `SELECT d.clock, ${NOW} AS now
       FROM (SELECT 1) AS one LEFT JOIN deadlines d ON d.clock_id = ANY($1::text[])`,
    [[...new Set(clockIds)]],
  );
  const clocks = new Map<string, Clock>();
  for (const row of rows)
    if (row.clock !== null) {
      const clock = parse(row as Row);
      clocks.set(clock.clockId, clock);
    }
  return { clocks, now: Date.parse(rows[0].now) };
}

/** Every clock of a document, oldest first. */
export async function clocksOfDocument(sql: SqlClient, documentId: string): Promise<Clock[]> {
  const rows = await sql.query<Row>(
    `SELECT clock FROM deadlines WHERE document_id = $1::uuid ORDER BY clock->>'startedAt', clock_id`,
    [documentId],
  );
  return rows.map(parse);
}

/** One page of open clocks after `after` (keyset on clock_id). */
export async function openClocksAfter(sql: SqlClient, after: string, limit: number): Promise<Clock[]> {
  const rows = await sql.query<Row>(
    `SELECT clock FROM deadlines WHERE status = 'open' AND clock_id > $1 ORDER BY clock_id LIMIT $2::integer`,
    [after, limit],
  );
  return rows.map(parse);
}

/** The database's time: the one clock every worker agrees on (a worker's own may be skewed). */
export async function databaseNow(sql: SqlClient): Promise<number> {
  const [row] = await sql.query<{ now: string }>(`SELECT ${NOW} AS now`);
  return Date.parse(row.now);
}
