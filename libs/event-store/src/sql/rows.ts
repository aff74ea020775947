import type { RecordedEvent } from '../event-store.port.js';
import type { Position } from '../position.js';

/** ISO-8601 in UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. */
export const isoText = (expr: string): string =>
  `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Integers and transaction ids are read as text: pg and PGlite parse int8 and xid8 differently
 * (string, number or bigint), and a revision or position must not depend on the driver.
 */
export const EVENT_COLUMNS = `position::text AS prepare, commit_order::text AS commit, stream_id,
  revision::text AS revision, id::text AS id, type, data, metadata,
  ${isoText('recorded_at')} AS recorded_at, hash, previous_hash`;

export interface EventRow {
  readonly prepare: string;
  readonly commit: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: RecordedEvent['metadata'];
  readonly recorded_at: string;
  readonly hash: string;
  readonly previous_hash: string | null;
}

export const toPosition = (row: { commit: string; prepare: string }): Position => ({
  commit: BigInt(row.commit),
  prepare: BigInt(row.prepare),
});

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.id,
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: toPosition(row),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
  hash: row.hash,
  previousHash: row.previous_hash,
});
