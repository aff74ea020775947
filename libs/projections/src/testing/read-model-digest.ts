import type { SqlClient } from '#event-store';

/**
 * Every column of every row of the two read models, in key order, hashed, with their counts:
 * equal digests mean equal tables (a rebuild against a live run, a resumed one against one that
 * never stopped).
 */
export async function readModelDigest(sql: SqlClient) {
  const [status] = await sql.query<{ h: string; n: number }>(
    'SELECT md5(string_agg(t::text, chr(10) ORDER BY t.id)) AS h, count(*)::int AS n FROM document_status t',
  );
  const [history] = await sql.query<{ h: string; n: number }>(
    'SELECT md5(string_agg(t::text, chr(10) ORDER BY t.event_id)) AS h, count(*)::int AS n FROM document_history t',
  );
  return { status, history };
}
