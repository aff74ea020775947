// Reads of the deadlines read model, for the processor, the reconciler and the status view.
import type { SqlClient } from '#event-store';
import type { Clock } from '../clock.types.js';

type Row = { clock: Clock | string };
const parse = (r: Row): Clock => (typeof r.clock === 'string' ? (JSON.parse(r.clock) as Clock) : r.clock);

export async function clockById(sql: SqlClient, clockId: string): Promise<Clock | undefined> {
  const rows = await sql.query<Row>('SELECT clock FROM deadlines WHERE clock_id = $1', [clockId]);
  return rows[0] && parse(rows[0]);
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
  const [row] = await sql.query<{ now: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
  );
  return Date.parse(row.now);
}
