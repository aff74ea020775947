import type { RecordedEvent, SqlClient } from '#event-store';
import type { Projection } from '../projection.js';
import { historyRowOf, type HistoryRow } from './document-history.rows.js';

const MIGRATIONS = [
  `CREATE TABLE document_history (
     event_id uuid PRIMARY KEY,
     document_id uuid NOT NULL,
     revision integer NOT NULL,
     type text NOT NULL,
     actor_user text,
     actor_role text,
     actor_agency text,
     occurred_at timestamptz NOT NULL,
     recorded_at timestamptz NOT NULL,
     reason text,
     changed jsonb NOT NULL,
     commit bigint NOT NULL,
     prepare bigint NOT NULL,
     UNIQUE (document_id, revision)
   )`,
  // The deadline worker records in a stream of its own (deadline-<id>): its revisions count apart
  // from the draft's, so a document has one row per (stream, revision).
  `ALTER TABLE document_history ADD COLUMN stream text NOT NULL DEFAULT 'draft'`,
  `ALTER TABLE document_history DROP CONSTRAINT document_history_document_id_revision_key`,
  `ALTER TABLE document_history ADD CONSTRAINT document_history_stream_revision UNIQUE (document_id, stream, revision)`,
  // The history is read in global order (both streams interleaved as they happened).
  `CREATE INDEX document_history_order ON document_history (document_id, commit, prepare)`,
];

const COLUMNS = `event_id, document_id, revision, type, actor_user, actor_role, actor_agency, occurred_at,
  recorded_at, reason, changed, commit, prepare, stream`;

/**
 * A batch's rows as one JSON array (json_to_recordset): one round trip whatever the batch's size,
 * one native JSON.stringify instead of pg's escaping of 14 arrays element by element.
 */
const INSERT_MANY = `INSERT INTO document_history (${COLUMNS})
  SELECT ${COLUMNS} FROM json_to_recordset($1::json) AS r(event_id uuid, document_id uuid,
    revision integer, type text, actor_user text, actor_role text, actor_agency text,
    occurred_at timestamptz, recorded_at timestamptz, reason text, changed jsonb, commit bigint,
    prepare bigint, stream text)`;

const recordsOf = (rows: readonly HistoryRow[]): string =>
  JSON.stringify(
    rows.map((r) => ({
      event_id: r.eventId,
      document_id: r.documentId,
      revision: r.revision,
      type: r.type,
      actor_user: r.actorUser,
      actor_role: r.actorRole,
      actor_agency: r.actorAgency,
      occurred_at: r.occurredAt,
      recorded_at: r.recordedAt,
      reason: r.reason,
      changed: r.changed,
      commit: r.commit,
      prepare: r.prepare,
      stream: r.stream,
    })),
  );

/**
 * Every event of every document. A plain INSERT, not an upsert: an event applied twice would
 * fail loudly here rather than hide a broken exactly-once guarantee.
 */
export const documentHistoryProjection: Projection = {
  name: 'document_history',
  version: 1,
  migrations: MIGRATIONS,
  // No write relies on them (no ON CONFLICT): a rebuild fills its shadow without them (a random
  // uuid key kept up row by row was most of the load's server time) and adds them back, checked,
  // at the end.
  deferredConstraints: ['document_history_pkey', 'document_history_stream_revision'],
  // One row per event, whatever the order.
  foldsByStream: true,
  async apply(tx: SqlClient, event: RecordedEvent): Promise<void> {
    const r = historyRowOf(event);
    if (r === undefined) return;
    await tx.query(
      `INSERT INTO document_history (event_id, document_id, revision, type, actor_user, actor_role,
         actor_agency, occurred_at, recorded_at, reason, changed, commit, prepare, stream)
       VALUES ($1::uuid, $2::uuid, $3::integer, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz, $10,
         $11::text::jsonb, $12::bigint, $13::bigint, $14)`,
      [
        r.eventId,
        r.documentId,
        r.revision,
        r.type,
        r.actorUser,
        r.actorRole,
        r.actorAgency,
        r.occurredAt,
        r.recordedAt,
        r.reason,
        JSON.stringify(r.changed),
        r.commit,
        r.prepare,
        r.stream,
      ],
    );
  },
  async applyBatch(tx: SqlClient, events: readonly RecordedEvent[]): Promise<void> {
    const rows = events.map(historyRowOf).filter((r) => r !== undefined);
    if (rows.length > 0) await tx.query(INSERT_MANY, [recordsOf(rows)]);
  },
};
