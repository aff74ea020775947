import { evolve, localDate, type Draft } from '#drafting';
import type { RecordedEvent } from '#event-store';
import { documentIdOf, occurredAt, toDraftEvent } from '../domain-event.js';
import { foldText } from '../fold-text.js';

/** One document_status row, as plain data (dates YYYY-MM-DD, positions as decimal text). */
export interface StatusRow {
  readonly id: string;
  readonly kind: string;
  readonly agency: string;
  readonly title: string;
  readonly titleFolded: string;
  readonly stage: string;
  readonly procedure: string;
  readonly origin: string;
  /** The legal regime the document's clocks and guards follow. */
  readonly regime: string;
  readonly year: number;
  readonly plannedMonth: string | null;
  readonly everSentForAppraisal: boolean;
  /** Viet Nam dates of the assignment and of the latest submission (business time). */
  readonly assignedOn: string | null;
  readonly submittedOn: string | null;
  readonly adoptedOn: string | null;
  readonly signingDate: string | null;
  readonly effectiveDate: string | null;
  readonly publishedOn: string | null;
  readonly revision: number;
  readonly lastCommit: string;
  readonly lastPrepare: string;
  readonly state: Draft;
  /** The store's recorded-at of the last event: derived from events only, so a rebuild matches. */
  readonly updatedAt: string;
}

/** What the projection keeps of the previous row to compute the next one. */
export type PreviousStatus = Pick<StatusRow, 'state' | 'revision' | 'assignedOn' | 'submittedOn'>;

/**
 * The row after one more event of a draft's stream; undefined for events of other streams.
 * A gap in revisions is an error (the event is then retried and parked), never a silent skip.
 */
export function statusRowAfter(
  previous: PreviousStatus | undefined,
  event: RecordedEvent,
): StatusRow | undefined {
  const id = documentIdOf(event.streamId);
  if (id === undefined) return undefined;
  const expected = previous === undefined ? 0 : previous.revision + 1;
  if (event.revision !== expected)
    throw new Error(`document ${id}: event at revision ${event.revision}, expected ${expected}`);
  const state = evolve(previous?.state, toDraftEvent(event));
  if (state === undefined) throw new Error(`document ${id}: no state after ${event.type}`);
  const day = localDate(occurredAt(event));
  return {
    id,
    kind: state.kind,
    agency: state.agency,
    title: state.title,
    titleFolded: foldText(state.title),
    stage: state.stage,
    procedure: state.procedure,
    origin: state.origin,
    regime: state.regime,
    year: state.year,
    plannedMonth: state.plannedMonth ?? null,
    everSentForAppraisal: state.everSentForAppraisal,
    assignedOn: previous?.assignedOn ?? day,
    submittedOn: event.type === 'Submitted' ? day : (previous?.submittedOn ?? null),
    adoptedOn: state.adoptedOn ?? null,
    signingDate: state.signingDate ?? null,
    effectiveDate: state.effectiveDate ?? null,
    publishedOn: state.publishedAt ?? null,
    revision: event.revision,
    lastCommit: event.position.commit.toString(),
    lastPrepare: event.position.prepare.toString(),
    state,
    updatedAt: event.recordedAt,
  };
}
