import type { AppendResult, NewEvent } from '../event-store.port.js';
import { canonicalJson } from '../hash-chain.js';
import { asStored } from '../validate.js';
import { toPosition } from './rows.js';
import { sqlState, UNIQUE_VIOLATION, type SqlClient } from './sql-client.js';

/**
 * The hash's preimage split around recordedAt: `prefix + recordedAt + suffix` is exactly the
 * canonical JSON hash-chain.ts hashes, so PostgreSQL can finish the hash once it knows its own
 * time, and verifyChain recomputes it. Built from its parts rather than by searching for a
 * placeholder: the keys sort as data, id, metadata | recordedAt | revision, streamId, type, so
 * recordedAt's member sits between two canonical objects whatever text the event carries.
 */
export function preimageAround(
  streamId: string,
  revision: number,
  e: NewEvent,
): { prefix: string; suffix: string } {
  return splitPreimage(
    streamId,
    revision,
    e.id.toLowerCase(),
    e.type,
    asStored(e.data),
    asStored(e.metadata),
  );
}

function splitPreimage(
  streamId: string,
  revision: number,
  id: string,
  type: string,
  data: unknown,
  metadata: unknown,
): { prefix: string; suffix: string } {
  const before = canonicalJson({ data, id, metadata }); // {"data":…,"id":…,"metadata":…}
  const after = canonicalJson({ revision, streamId, type }); // {"revision":…,"streamId":…,"type":…}
  // An ISO timestamp needs no escaping, so its JSON string is `"` + the text + `"`.
  return { prefix: `${before.slice(0, -1)},"recordedAt":"`, suffix: `",${after.slice(1)}` };
}

const STAMP = `to_char(stamp.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One event with a known expected revision in ONE round trip: the predecessor's hash and time,
 * the store's clock (never below the predecessor's), the revision guard, the hash and the insert
 * in one autocommitted statement. Its order key sorts after the predecessor's: the insert needs
 * the predecessor visible to this statement, so committed before this transaction began. Undefined when anything is unusual (conflict, repeated ids):
 * the caller's transactional path then explains it.
 */
export async function appendOne(
  sql: SqlClient,
  streamId: string,
  event: NewEvent,
  expected: number | 'no-stream',
): Promise<AppendResult | undefined> {
  const revision = expected === 'no-stream' ? 0 : expected + 1;
  // Stored as JSON once: the same values feed the hash's preimage and the row.
  const id = event.id.toLowerCase();
  const [data, metadata] = [asStored(event.data), asStored(event.metadata)];
  const { prefix, suffix } = splitPreimage(streamId, revision, id, event.type, data, metadata);
  const params: unknown[] = [streamId, revision, expected === 'no-stream' ? -1 : expected, id, event.type];
  params.push(JSON.stringify(data), JSON.stringify(metadata), prefix, suffix);
  const guard =
    expected === 'no-stream'
      ? `INSERT INTO streams (stream_id, revision) VALUES ($1, $2::bigint) ON CONFLICT (stream_id) DO NOTHING RETURNING 1`
      : `UPDATE streams SET revision = $2::bigint WHERE stream_id = $1 AND revision = $3::bigint RETURNING 1`;
  try {
    const [row] = await sql.query<{ commit: string; prepare: string }>(
      `WITH prev AS (SELECT hash, recorded_at FROM events WHERE stream_id = $1 AND revision = $3::bigint),
            stamp AS (SELECT GREATEST(date_trunc('milliseconds', clock_timestamp()), (SELECT recorded_at FROM prev)) AS at),
            guard AS (${guard})
       INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
       SELECT $1, $2::bigint, $4::uuid, $5, $6::text::jsonb, $7::text::jsonb, stamp.at,
              encode(sha256(convert_to(coalesce((SELECT hash FROM prev), '') || E'\\n' || $8 || ${STAMP} || $9, 'UTF8')), 'hex'),
              (SELECT hash FROM prev)
         FROM stamp
        WHERE EXISTS (SELECT 1 FROM guard) AND ($3::bigint < 0 OR EXISTS (SELECT 1 FROM prev))
       RETURNING commit_order::text AS commit, position::text AS prepare`,
      params,
      // Parsed and planned once per connection: this is the store's hottest statement.
      { name: expected === 'no-stream' ? 'draftline-append-first' : 'draftline-append-next' },
    );
    return row ? { streamId, revision, position: toPosition(row) } : undefined;
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) return undefined;
    throw error;
  }
}
