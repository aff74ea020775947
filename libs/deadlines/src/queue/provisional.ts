// Clocks counted without holiday data for a year are flagged provisional (clock.schedule.ts). Once
// a release brings that year's data, the host computes them again at start: new dates in the read
// model, and their jobs moved (removed, then added at the new times, through the outbox in order).
import { Gauge } from 'prom-client';
import { registry } from '#observability';
import type { SqlClient } from '#event-store';
import { rescheduled } from '../clock.schedule.js';
import type { Clock, DocumentClocks } from '../clock.types.js';
import { holidayDataCoverage } from '../holiday.coverage.js';
import type { RuleBook } from '../rule.types.js';
import { VIETNAM_CALENDAR, type WorkingCalendar } from '../working.calendar.js';
import { allJobIdsOf, insertOutbox, outboxRowsOf, upsertClocks } from './deadlines.projection.js';

/** Days of holiday data left from now (negative never; 0 when this year has none), at scrape. */
export const holidayDataDaysLeft = new Gauge({
  name: 'draftline_holiday_data_days_left',
  help: 'Days until the working calendar runs out of holiday data (clocks past it are provisional)',
  registers: [registry],
  collect() {
    this.set(holidayDataCoverage(new Date()).daysLeft);
  },
});

/** Open clocks counted on weekends alone for want of holiday data (set by the reconciler). */
export const provisionalClocks = new Gauge({
  name: 'draftline_deadlines_provisional_open',
  help: 'Open clocks whose dates were counted without holiday data for a year (weekends only)',
  registers: [registry],
});

export interface RecomputeResult {
  /** Provisional clocks looked at (open or not). */
  readonly provisional: number;
  /** Of those, computed again with the calendar's data. */
  readonly recomputed: number;
}

const parse = (state: DocumentClocks | string): DocumentClocks =>
  typeof state === 'string' ? (JSON.parse(state) as DocumentClocks) : state;

/**
 * Computes again every open provisional clock whose years `calendar` now covers. Runs in one
 * transaction that first locks the deadlines projection's checkpoint row, as each of its batches
 * does: no batch folds a document's clocks while they are rewritten here.
 */
export async function recomputeProvisionalClocks(
  sql: SqlClient,
  book: RuleBook,
  calendar: WorkingCalendar = VIETNAM_CALENDAR,
): Promise<RecomputeResult> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM projection_checkpoints WHERE name = 'deadlines' FOR UPDATE`);
    const documents = await tx.query<{ state: DocumentClocks | string }>(
      `SELECT state FROM deadline_documents WHERE document_id IN (
         SELECT document_id FROM deadlines WHERE provisional AND status = 'open')
       ORDER BY document_id FOR UPDATE`,
    );
    let provisional = 0;
    const states: DocumentClocks[] = [];
    const changed: Clock[] = [];
    const outbox: unknown[][] = [];
    for (const row of documents) {
      const state = parse(row.state);
      let touched = false;
      const clocks = state.clocks.map((clock) => {
        if (clock.provisional === undefined || clock.status !== 'open') return clock;
        provisional += 1;
        const next = rescheduled(clock, book, calendar);
        if (next === undefined) return clock;
        touched = true;
        changed.push(next);
        // Same job ids at new times: the old jobs go first, or the adds would be no-ops.
        outbox.push(...allJobIdsOf(clock).map((id) => ['remove', id, 'remove', clock.clockId, null, null]));
        outbox.push(...outboxRowsOf([{ type: 'opened', clock: next }]));
        return next;
      });
      if (touched) states.push({ ...state, clocks });
    }
    if (states.length > 0) {
      await tx.query(
        `UPDATE deadline_documents d SET state = t.s::jsonb
           FROM unnest($1::uuid[], $2::text[]) AS t(id, s) WHERE d.document_id = t.id`,
        [states.map((s) => s.documentId), states.map((s) => JSON.stringify(s))],
      );
      await upsertClocks(tx, changed);
      await insertOutbox(tx, outbox);
    }
    return { provisional, recomputed: changed.length };
  });
}
