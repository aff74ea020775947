import { ConcurrencyError } from '../errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import type { StoredEventRef } from '../idempotency.js';
import { toPosition } from './rows.js';
import type { SqlClient } from './sql-client.js';

/** Takes the stream's row lock and moves its revision; returns the revision of the last new event. */
export const lockStream = async (
  tx: SqlClient,
  streamId: string,
  count: number,
  expected: ExpectedRevision,
) => {
  type Row = { revision: string };
  let rows: Row[];
  if (expected === 'any') {
    rows = await tx.query<Row>(
      `INSERT INTO streams (stream_id, revision) VALUES ($1, $2::bigint)
       ON CONFLICT (stream_id) DO UPDATE SET revision = streams.revision + $3::bigint
       RETURNING revision::text AS revision`,
      [streamId, count - 1, count],
    );
  } else if (expected === 'no-stream') {
    rows = await tx.query<Row>(
      `INSERT INTO streams (stream_id, revision) VALUES ($1, $2::bigint)
       ON CONFLICT (stream_id) DO NOTHING RETURNING revision::text AS revision`,
      [streamId, count - 1],
    );
  } else {
    rows = await tx.query<Row>(
      `UPDATE streams SET revision = $2::bigint WHERE stream_id = $1 AND revision = $3::bigint
       RETURNING revision::text AS revision`,
      [streamId, expected + count, expected],
    );
  }
  if (rows.length === 0) {
    // Read back in a fresh statement snapshot: the revision the winner committed.
    const [actual] = await tx.query<Row>(
      'SELECT revision::text AS revision FROM streams WHERE stream_id = $1',
      [streamId],
    );
    throw new ConcurrencyError(streamId, expected, actual ? Number(actual.revision) : 'no-stream');
  }
  return Number(rows[0].revision);
};

/** The stored events among `ids`, wherever they are: what a repeated append is checked against. */
export const findEvents = async (sql: SqlClient, ids: readonly string[]): Promise<StoredEventRef[]> => {
  const rows = await sql.query<{
    id: string;
    stream_id: string;
    revision: string;
    commit: string;
    prepare: string;
  }>(
    `SELECT id::text AS id, stream_id, revision::text AS revision,
            commit_order::text AS commit, position::text AS prepare
       FROM events WHERE id IN (${ids.map((_, i) => `$${i + 1}::uuid`).join(', ')})`,
    ids,
  );
  return rows.map((r) => ({
    id: r.id,
    streamId: r.stream_id,
    revision: Number(r.revision),
    position: toPosition(r),
  }));
};
