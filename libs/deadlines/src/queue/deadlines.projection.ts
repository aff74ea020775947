// The `deadlines` read model: every clock of every document, folded from the document's draft and
// deadline streams by the pure evolveClocks. The jobs a change needs go to an outbox in the same transaction; the
// scheduler turns them into BullMQ jobs after the commit, so a crash in between loses nothing.
import type { RecordedEvent, SqlClient } from '#event-store';
import { appliedRevision, evolveClocks, type ClockInput } from '../clock.evolve.js';
import type { Clock, ClockChange, DocumentClocks } from '../clock.types.js';
import { escalationJobId, jobsOf, reminderJobId } from '../deadline.jobs.js';
import { VIETNAM_CALENDAR } from '../working.calendar.js';
import { clockInputOf } from './clock-input.js';
import { activeRuleBook } from './rule-book.js';

const MIGRATIONS = [
  `CREATE TABLE deadline_documents (
     document_id uuid PRIMARY KEY,
     state jsonb NOT NULL
   )`,
  `CREATE TABLE deadlines (
     clock_id text PRIMARY KEY,
     document_id uuid NOT NULL,
     agency text NOT NULL,
     name text NOT NULL,
     status text NOT NULL,
     due_at timestamptz NOT NULL,
     clock jsonb NOT NULL
   )`,
  `CREATE INDEX deadlines_document ON deadlines (document_id)`,
  `CREATE INDEX deadlines_open ON deadlines (clock_id) WHERE status = 'open'`,
  // op 'add': keep a delayed job; 'remove': drop it. Rows are deleted once Redis has them.
  `CREATE TABLE deadline_outbox (
     seq bigserial PRIMARY KEY,
     op text NOT NULL,
     job_id text NOT NULL,
     job_name text NOT NULL,
     clock_id text NOT NULL,
     n integer,
     at timestamptz
   )`,
  // Counted without holiday data for a year (weekends alone): computed again once the data is there.
  `ALTER TABLE deadlines ADD COLUMN provisional boolean NOT NULL DEFAULT false`,
  `CREATE INDEX deadlines_provisional ON deadlines (clock_id) WHERE provisional`,
];

/** The job ids a clock may ever have had: what a stopped clock's removal names. */
export const allJobIdsOf = (clock: Clock): string[] => [
  ...clock.reminders.map((r) => reminderJobId(clock.clockId, r.n)),
  ...(clock.escalation ? [escalationJobId(clock.clockId)] : []),
];

/** Outbox rows for what changed: [op, jobId, jobName, clockId, n, at]. */
export function outboxRowsOf(changes: readonly ClockChange[]): unknown[][] {
  return changes.flatMap((change) =>
    change.type === 'opened'
      ? jobsOf(change.clock).map((j) => [
          'add',
          j.jobId,
          j.kind,
          j.clockId,
          j.kind === 'reminder' ? j.n : null,
          j.at,
        ])
      : allJobIdsOf(change.clock).map((id) => ['remove', id, 'remove', change.clock.clockId, null, null]),
  );
}

async function saveClocks(tx: SqlClient, before: DocumentClocks | undefined, after: DocumentClocks) {
  const old = new Map((before?.clocks ?? []).map((c) => [c.clockId, JSON.stringify(c)]));
  const changed = after.clocks.filter((c) => old.get(c.clockId) !== JSON.stringify(c));
  if (changed.length > 0) await upsertClocks(tx, changed);
}

const parseState = (state: DocumentClocks | string | undefined): DocumentClocks | undefined =>
  typeof state === 'string' ? (JSON.parse(state) as DocumentClocks) : state;

/** What one event does to the clocks of its document, before any SQL: undefined when nothing. */
function evolveOne(before: DocumentClocks | undefined, input: ClockInput) {
  if (before === undefined && input.stream === 'deadline') return undefined; // no draft: nothing to mark
  if (before !== undefined && input.revision <= appliedRevision(before, input.stream)) return undefined; // redelivered
  return evolveClocks(before, input, activeRuleBook(), VIETNAM_CALENDAR);
}

const OUTBOX_INSERT = `INSERT INTO deadline_outbox (op, job_id, job_name, clock_id, n, at)`;

/** Upserts clocks into the deadlines table in one statement. */
export async function upsertClocks(tx: SqlClient, clocks: readonly Clock[]): Promise<void> {
  await tx.query(
    `INSERT INTO deadlines (clock_id, document_id, agency, name, status, due_at, clock, provisional)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                          $6::timestamptz[], $7::text[]::jsonb[], $8::boolean[])
     ON CONFLICT (clock_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,
       clock = EXCLUDED.clock, provisional = EXCLUDED.provisional`,
    [
      clocks.map((c) => c.clockId),
      clocks.map((c) => c.documentId),
      clocks.map((c) => c.agency),
      clocks.map((c) => c.name),
      clocks.map((c) => c.status),
      clocks.map((c) => c.dueAt),
      clocks.map((c) => JSON.stringify(c)),
      clocks.map((c) => c.provisional !== undefined),
    ],
  );
}

/** Inserts outbox rows ([op, jobId, jobName, clockId, n, at]) in one statement, in their order. */
export async function insertOutbox(tx: SqlClient, outbox: readonly unknown[][]): Promise<void> {
  // In the given order: seq is drawn row by row as the ordered SELECT produces them.
  await tx.query(
    `${OUTBOX_INSERT}
     SELECT op, job_id, job_name, clock_id, n, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::timestamptz[])
            WITH ORDINALITY AS t(op, job_id, job_name, clock_id, n, at, i)
      ORDER BY i`,
    [0, 1, 2, 3, 4, 5].map((k) => outbox.map((r) => r[k])),
  );
}

/** The deadlines projection: open, met, missed and cancelled clocks, and the jobs they need. */
export const deadlinesProjection = {
  name: 'deadlines',
  version: 1,
  // Catching up (a burst of sendings, a restart), it read pages of 200, and its commits, not the
  // scheduler, bounded the clocks scheduled per second (P7: the outbox never grew past a page).
  // applyBatch costs four statements a page whatever its size.
  batchSize: 1000,
  migrations: MIGRATIONS,
  async apply(tx: SqlClient, event: RecordedEvent): Promise<void> {
    const input = clockInputOf(event);
    if (input === undefined) return;
    const { documentId } = input;
    const [row] = await tx.query<{ state: DocumentClocks | string }>(
      'SELECT state FROM deadline_documents WHERE document_id = $1::uuid',
      [documentId],
    );
    const before = parseState(row?.state);
    const evolved = evolveOne(before, input);
    if (evolved === undefined) return;
    const { state, changes } = evolved;
    await tx.query(
      `INSERT INTO deadline_documents (document_id, state) VALUES ($1::uuid, $2::text::jsonb)
       ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state`,
      [documentId, JSON.stringify(state)],
    );
    await saveClocks(tx, before, state);
    for (const r of outboxRowsOf(changes)) {
      await tx.query(`${OUTBOX_INSERT} VALUES ($1, $2, $3, $4, $5::integer, $6::timestamptz)`, r);
    }
  },

  /**
   * The same as `apply` on each event, in four statements for the whole batch: the documents'
   * states are read once, folded in memory, and written back (with the clocks that changed and
   * the outbox rows, in order) by one statement each.
   */
  async applyBatch(tx: SqlClient, events: readonly RecordedEvent[]): Promise<void> {
    const inputs = events.flatMap((e) => clockInputOf(e) ?? []);
    const documentIds = [...new Set(inputs.map((i) => i.documentId))];
    if (documentIds.length === 0) return;
    const rows = await tx.query<{ document_id: string; state: DocumentClocks | string }>(
      'SELECT document_id::text AS document_id, state FROM deadline_documents WHERE document_id = ANY($1::uuid[])',
      [documentIds],
    );
    const stored = new Map(rows.map((r) => [r.document_id, parseState(r.state)]));
    const states = new Map(stored);
    const outbox: unknown[][] = [];
    for (const input of inputs) {
      const evolved = evolveOne(states.get(input.documentId), input);
      if (evolved === undefined) continue;
      states.set(input.documentId, evolved.state);
      outbox.push(...outboxRowsOf(evolved.changes));
    }
    const documents: [string, string][] = [];
    const clocks: Clock[] = [];
    for (const [documentId, state] of states) {
      const before = stored.get(documentId);
      if (state === undefined || state === before) continue;
      documents.push([documentId, JSON.stringify(state)]);
      const old = new Map((before?.clocks ?? []).map((c) => [c.clockId, JSON.stringify(c)]));
      clocks.push(...state.clocks.filter((c) => old.get(c.clockId) !== JSON.stringify(c)));
    }
    if (documents.length > 0)
      await tx.query(
        `INSERT INTO deadline_documents (document_id, state)
         SELECT d, s::jsonb FROM unnest($1::uuid[], $2::text[]) AS t(d, s)
         ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state`,
        [documents.map((d) => d[0]), documents.map((d) => d[1])],
      );
    if (clocks.length > 0) await upsertClocks(tx, clocks);
    if (outbox.length > 0) await insertOutbox(tx, outbox);
  },
};
