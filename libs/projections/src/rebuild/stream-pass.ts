// The rebuild's first pass for projections that fold by stream (Projection.foldsByStream):
// everything below a fixed bound read in stream order, so a page holds a few documents' whole
// histories and each document's row is written once, not once per event.
import {
  EVENT_COLUMNS,
  PostgresEventStore,
  READ_BOUND,
  toRecordedEvent,
  type EventRow,
  type EventStore,
  type RecordedEvent,
  type SqlClient,
} from '#event-store';

/** Where a stream-ordered read stopped: the last (stream, revision) applied. */
export interface StreamKey {
  readonly streamId: string;
  readonly revision: number;
}

/**
 * The events of a PostgreSQL (or PGlite) store whose order key lies below `bound`, read in stream
 * order. The bound is the store's read bound when the pass began (READ_BOUND: every transaction
 * below it had ended, and every later one gets a key at or above it), so the set is fixed and
 * complete: nothing can still commit into it, and it is exactly the events at or before `last`
 * in global order, from which the global pass then reads on.
 */
export interface StreamOrderedEvents {
  readonly bound: bigint;
  /** The last event below the bound in global order; undefined when there is none. */
  readonly last: RecordedEvent | undefined;
  /** Up to `limit` events after `after` in (stream, revision) order. */
  page(after: StreamKey | undefined, limit: number): Promise<RecordedEvent[]>;
}

/** The store's read bound now (order-key terms): the bound of a new stream pass. */
export async function currentBound(store: EventStore): Promise<bigint | undefined> {
  if (!(store instanceof PostgresEventStore)) return undefined;
  const [row] = await store.sql.query<{ bound: string }>(`SELECT ${READ_BOUND}::text AS bound`);
  return BigInt(row.bound);
}

/** Stream-ordered reads of a SQL store below `bound`; undefined for a store that cannot (KurrentDB). */
export async function streamOrderedEvents(
  store: EventStore,
  bound: bigint,
): Promise<StreamOrderedEvents | undefined> {
  if (!(store instanceof PostgresEventStore)) return undefined;
  const sql: SqlClient = store.sql;
  const [last] = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE commit_order < $1::bigint
      ORDER BY commit_order DESC, position DESC LIMIT 1`,
    [bound.toString()],
  );
  return {
    bound,
    last: last && toRecordedEvent(last),
    page: async (after, limit) =>
      (
        await sql.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events
            WHERE (stream_id, revision) > ($2, $3::bigint) AND commit_order < $1::bigint
            ORDER BY stream_id, events.revision
            LIMIT $4::bigint`,
          [bound.toString(), after?.streamId ?? '', after?.revision ?? -1, limit],
          { name: 'draftline-rebuild-stream-order' },
        )
      ).map(toRecordedEvent),
  };
}
