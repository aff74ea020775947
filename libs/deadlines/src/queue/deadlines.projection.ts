// The `deadlines` read model: every clock of every document, folded from the document's stream
// by the pure evolveClocks. The jobs a change needs go to an outbox in the same transaction; the
// scheduler turns them into BullMQ jobs after the commit, so a crash in between loses nothing.
import type { RecordedEvent, SqlClient } from '#event-store';
import { evolveClocks, type ClockInput } from '../clock.evolve.js';
import type { Clock, ClockChange, DocumentClocks } from '../clock.types.js';
import { escalationJobId, jobsOf, reminderJobId } from '../deadline.jobs.js';
import { VIETNAM_CALENDAR } from '../working.calendar.js';
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
];

const DRAFT_STREAM = /^draft-([0-9a-f-]{36})$/;

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

const toInput = (e: RecordedEvent, documentId: string): ClockInput =>
  ({
    type: e.type,
    data: e.data,
    occurredAt: typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt,
    documentId,
    revision: e.revision,
  }) as ClockInput;

async function saveClocks(tx: SqlClient, before: DocumentClocks | undefined, after: DocumentClocks) {
  const old = new Map((before?.clocks ?? []).map((c) => [c.clockId, JSON.stringify(c)]));
  for (const clock of after.clocks) {
    const json = JSON.stringify(clock);
    if (old.get(clock.clockId) === json) continue;
    await tx.query(
      `INSERT INTO deadlines (clock_id, document_id, agency, name, status, due_at, clock)
       VALUES ($1, $2::uuid, $3, $4, $5, $6::timestamptz, $7::text::jsonb)
       ON CONFLICT (clock_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at, clock = EXCLUDED.clock`,
      [clock.clockId, clock.documentId, clock.agency, clock.name, clock.status, clock.dueAt, json],
    );
  }
}

/** The deadlines projection: open, met, missed and cancelled clocks, and the jobs they need. */
export const deadlinesProjection = {
  name: 'deadlines',
  version: 1,
  migrations: MIGRATIONS,
  async apply(tx: SqlClient, event: RecordedEvent): Promise<void> {
    const documentId = DRAFT_STREAM.exec(event.streamId)?.[1];
    if (documentId === undefined) return;
    const [row] = await tx.query<{ state: DocumentClocks | string }>(
      'SELECT state FROM deadline_documents WHERE document_id = $1::uuid',
      [documentId],
    );
    const before = typeof row?.state === 'string' ? (JSON.parse(row.state) as DocumentClocks) : row?.state;
    if (before !== undefined && event.revision <= before.revision) return; // redelivered
    const { state, changes } = evolveClocks(
      before,
      toInput(event, documentId),
      activeRuleBook(),
      VIETNAM_CALENDAR,
    );
    await tx.query(
      `INSERT INTO deadline_documents (document_id, state) VALUES ($1::uuid, $2::text::jsonb)
       ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state`,
      [documentId, JSON.stringify(state)],
    );
    await saveClocks(tx, before, state);
    for (const r of outboxRowsOf(changes)) {
      await tx.query(
        `INSERT INTO deadline_outbox (op, job_id, job_name, clock_id, n, at)
         VALUES ($1, $2, $3, $4, $5::integer, $6::timestamptz)`,
        r,
      );
    }
  },
};
