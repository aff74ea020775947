import type { Position } from '../position.js';
import { toPosition } from './rows.js';
import type { SqlClient } from './sql-client.js';

/**
 * The newest event's position in a SQL store, counting events the snapshot rule still hides from
 * readAll (undefined for an empty store): where a reader that must see everything up to now has
 * to get to.
 */
export async function storeHead(sql: SqlClient): Promise<Position | undefined> {
  const [row] = await sql.query<{ commit: string; prepare: string }>(
    `SELECT commit_order::text AS commit, position::text AS prepare FROM events
      ORDER BY commit_order DESC, position DESC LIMIT 1`,
  );
  return row ? toPosition(row) : undefined;
}
