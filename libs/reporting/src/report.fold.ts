import {
  evolve,
  type DraftAssigned,
  type DraftEvent,
  type DraftEventType,
  type ImplementationRegistered,
  type ImplementationStatusRecorded,
  type ReviewRecorded,
} from '#drafting';
import type { ReportEvent, ReportState } from './report.state.js';

// Every type a draft stream may hold: other events there (e.g. deadline reminders) are not
// the report's business and are skipped.
const DRAFT_EVENT_TYPES: Readonly<Record<DraftEventType, true>> = {
  DraftAssigned: true,
  DraftingStarted: true,
  ConsultationOpened: true,
  DepartmentOpinionRecorded: true,
  DepartmentsAnswered: true,
  ConsultationClosed: true,
  DraftRevised: true,
  SentForAppraisal: true,
  DossierAccepted: true,
  DossierReturned: true,
  AppraisalRecorded: true,
  Submitted: true,
  ReturnedForRevision: true,
  Postponed: true,
  Adopted: true,
  ApprovedForCouncil: true,
  SubmittedToCouncil: true,
  VerificationRecorded: true,
  Tabled: true,
  Rejected: true,
  Issued: true,
  PublicationRecorded: true,
  RegimeChanged: true,
  MeetingDateSet: true,
  Withdrawn: true,
};

const isDraftEvent = (type: string): type is DraftEventType => Object.hasOwn(DRAFT_EVENT_TYPES, type);

/**
 * Folds one event, in global order, into the report state. The state is an accumulator: it is
 * updated in place and returned (`events.reduce(reportFold, emptyReportState())`), so a long
 * log folds in linear time; clone it first if the previous state must survive. Events of other
 * kinds are ignored.
 */
export function reportFold(state: ReportState, event: ReportEvent): ReportState {
  const at = event.metadata.occurredAt;
  const id = event.streamId;
  switch (event.type) {
    case 'ReviewRecorded': {
      const { agency, year, outcome } = (event as unknown as ReviewRecorded).data;
      state.reviews[id] = { agency, year, outcome, at };
      return state;
    }
    case 'ImplementationRegistered': {
      const { agency, year } = (event as unknown as ImplementationRegistered).data;
      state.implementations[id] = { agency, year, at, statuses: [] };
      return state;
    }
    case 'ImplementationStatusRecorded': {
      const entry = state.implementations[id];
      const { status } = (event as unknown as ImplementationStatusRecorded).data;
      if (entry) state.implementations[id] = { ...entry, statuses: [...entry.statuses, { at, status }] };
      return state;
    }
    default:
      if (isDraftEvent(event.type)) foldDraftEvent(state, event, event.type);
      return state;
  }
}

function foldDraftEvent(state: ReportState, event: ReportEvent, type: DraftEventType): void {
  const at = event.metadata.occurredAt;
  const domainEvent = { type, data: event.data, schemaVersion: 1 } as DraftEvent;
  const facts = state.drafts[event.streamId];
  if (type === 'DraftAssigned') {
    const { agency, year, kind, origin, plannedMonth } = (domainEvent as DraftAssigned).data;
    const draft = evolve(undefined, domainEvent)!;
    state.drafts[event.streamId] = {
      id: draft.id,
      agency,
      year,
      kind,
      origin,
      ...(plannedMonth !== undefined && { plannedMonth }),
      draft,
      steps: [{ at, type, stage: draft.stage, regime: draft.regime }],
    };
    return;
  }
  if (!facts) return; // a stream whose assignment the fold never saw
  const draft = evolve(facts.draft, domainEvent)!;
  const outcome = domainEvent.type === 'AppraisalRecorded' ? { outcome: domainEvent.data.outcome } : {};
  state.drafts[event.streamId] = {
    ...facts,
    draft,
    steps: [...facts.steps, { at, type, stage: draft.stage, regime: draft.regime, ...outcome }],
  };
}
