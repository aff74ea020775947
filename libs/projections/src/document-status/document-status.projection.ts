import type { RecordedEvent, SqlClient } from '#event-store';
import { documentIdOf } from '../domain-event.js';
import type { Projection } from '../projection.js';
import { statusRowAfter, type PreviousStatus, type StatusRow } from './document-status.rows.js';

const MIGRATIONS = [
  `CREATE TABLE document_status (
     id uuid PRIMARY KEY,
     kind text NOT NULL,
     agency text NOT NULL,
     title text NOT NULL,
     title_folded text NOT NULL,
     stage text NOT NULL,
     procedure text NOT NULL,
     origin text NOT NULL,
     year integer NOT NULL,
     planned_month text,
     ever_sent_for_appraisal boolean NOT NULL,
     assigned_on date,
     submitted_on date,
     adopted_on date,
     signing_date date,
     effective_date date,
     published_on date,
     revision integer NOT NULL,
     last_commit bigint NOT NULL,
     last_prepare bigint NOT NULL,
     state jsonb NOT NULL,
     updated_at timestamptz NOT NULL
   )`,
  `CREATE INDEX document_status_updated ON document_status (updated_at, id)`,
  `CREATE INDEX document_status_agency_updated ON document_status (agency, updated_at, id)`,
  `CREATE INDEX document_status_title ON document_status (title, id)`,
  `CREATE INDEX document_status_planned ON document_status ((coalesce(planned_month, '')), id)`,
  `CREATE INDEX document_status_filters ON document_status (year, kind, stage)`,
  // A drafter's list is always one agency's: sorted by title or planned month it must not walk
  // every agency's rows in that order to find its own (P9: p99 124 ms on 100k documents before).
  `CREATE INDEX document_status_agency_title ON document_status (agency, title, id)`,
  `CREATE INDEX document_status_agency_planned ON document_status (agency, (coalesce(planned_month, '')), id)`,
  // The legal regime fixed at assignment (lifecycle.md, "Legal regime of a document"), shown in
  // the list; rows written before it take their state's, or the regime in force on assignment.
  `ALTER TABLE document_status ADD COLUMN regime text`,
  `UPDATE document_status SET regime = coalesce(state->>'regime',
     CASE WHEN coalesce(assigned_on, make_date(year, 1, 1)) >= DATE '2025-04-01' THEN '2025'
          WHEN coalesce(assigned_on, make_date(year, 1, 1)) >= DATE '2021-01-01' THEN '2021'
          ELSE '2016' END)`,
  // An appraiser sees the drafts ever sent for appraisal (a quarter or so): sorted by title or
  // planned month, with a search and a cursor, the planner otherwise scanned the whole table
  // (P9, list-documents.plans.int.spec.ts).
  `CREATE INDEX document_status_appraisal_title ON document_status (title, id) WHERE ever_sent_for_appraisal`,
  `CREATE INDEX document_status_appraisal_planned ON document_status ((coalesce(planned_month, '')), id)
     WHERE ever_sent_for_appraisal`,
];

/** Column order of the upsert; `values` below follows it. */
const COLUMNS = [
  'id',
  'kind',
  'agency',
  'title',
  'title_folded',
  'stage',
  'procedure',
  'origin',
  'year',
  'planned_month',
  'ever_sent_for_appraisal',
  'assigned_on',
  'submitted_on',
  'adopted_on',
  'signing_date',
  'effective_date',
  'published_on',
  'revision',
  'last_commit',
  'last_prepare',
  'state',
  'updated_at',
  'regime',
];
const CASTS = ['::uuid', '', '', '', '', '', '', '', '::integer', '', '::boolean'];

const values = (r: StatusRow): unknown[] => [
  r.id,
  r.kind,
  r.agency,
  r.title,
  r.titleFolded,
  r.stage,
  r.procedure,
  r.origin,
  r.year,
  r.plannedMonth,
  r.everSentForAppraisal,
  r.assignedOn,
  r.submittedOn,
  r.adoptedOn,
  r.signingDate,
  r.effectiveDate,
  r.publishedOn,
  r.revision,
  r.lastCommit,
  r.lastPrepare,
  JSON.stringify(r.state),
  r.updatedAt,
  r.regime,
];

const cast = (i: number): string => {
  if (i < CASTS.length) return CASTS[i];
  if (i < 17) return '::date';
  if (i >= 22) return '';
  return ['::integer', '::bigint', '::bigint', '::text::jsonb', '::timestamptz'][i - 17];
};

const UPSERT = `INSERT INTO document_status (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((_, i) => `$${i + 1}${cast(i)}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

/** The columns' SQL types, for the batch upsert's arrays. */
const TYPES = [
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'integer',
  'text',
  'boolean',
  'date',
  'date',
  'date',
  'date',
  'date',
  'date',
  'integer',
  'bigint',
  'bigint',
  'jsonb',
  'timestamptz',
  'text',
];

/**
 * The batch's rows as one JSON array (json_to_recordset): one round trip whatever the batch's
 * size, and one native JSON.stringify instead of pg's escaping of 23 arrays element by element
 * (16 % of a rebuild's CPU); the state goes in as the object it is, not a string in a string.
 */
const UPSERT_MANY = `INSERT INTO document_status (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.join(', ')}
    FROM json_to_recordset($1::json) AS r(${COLUMNS.map((c, i) => `${c} ${TYPES[i]}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

const STATE = COLUMNS.indexOf('state');
const recordsOf = (rows: readonly StatusRow[]): string =>
  JSON.stringify(
    rows.map((r) => {
      const v = values(r);
      v[STATE] = r.state;
      return Object.fromEntries(COLUMNS.map((c, i) => [c, v[i]]));
    }),
  );

const PREVIOUS = `SELECT id::text AS id, state, revision, assigned_on::text AS "assignedOn",
    submitted_on::text AS "submittedOn"
  FROM document_status`;

/** One row per document: the replayed state and the columns the list filters and sorts on. */
export const documentStatusProjection: Projection = {
  name: 'document_status',
  version: 1,
  migrations: MIGRATIONS,
  // A document's row folds its draft stream alone (statusRowAfter).
  foldsByStream: true,
  async apply(tx: SqlClient, event: RecordedEvent): Promise<void> {
    const id = documentIdOf(event.streamId);
    if (id === undefined) return;
    const [previous] = await tx.query<PreviousStatus>(`${PREVIOUS} WHERE id = $1::uuid`, [id]);
    const row = statusRowAfter(previous, event);
    if (row) await tx.query(UPSERT, values(row));
  },
  /** One read of the batch's documents, the fold in memory, one upsert of each document's last row. */
  async applyBatch(tx: SqlClient, events: readonly RecordedEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => documentIdOf(e.streamId)).filter((id) => id !== undefined))];
    if (ids.length === 0) return;
    const previous = new Map<string, PreviousStatus>();
    for (const { id, ...row } of await tx.query<PreviousStatus & { id: string }>(
      `${PREVIOUS} WHERE id = ANY($1::uuid[])`,
      [ids],
    ))
      previous.set(id, row);
    const next = new Map<string, StatusRow>();
    for (const event of events) {
      const id = documentIdOf(event.streamId);
      if (id === undefined) continue;
      const row = statusRowAfter(next.get(id) ?? previous.get(id), event);
      if (row) next.set(id, row);
    }
    if (next.size > 0) await tx.query(UPSERT_MANY, [recordsOf([...next.values()])]);
  },
};
