import type { DraftAssigned, DraftEvent } from './draft.events.js';
import type { Draft, DraftState, PlannedDraft } from './draft.types.js';
import { regimeAt } from './regime.rules.js';

const assigned = ({ data }: DraftAssigned): PlannedDraft => ({
  id: data.documentId,
  kind: data.kind,
  procedure: data.procedure,
  origin: data.origin,
  agency: data.agency,
  title: data.title,
  year: data.year,
  // Old events name no regime: the regime in force on the assignment date, else in the programme year.
  regime: data.regime ?? regimeAt(data.occurredOn ?? `${data.year}-01-01`),
  ...(data.occurredOn !== undefined && { lastOn: data.occurredOn }),
  ...(data.plannedMonth !== undefined && { plannedMonth: data.plannedMonth }),
  ...(data.meetingDate !== undefined && { meetingDate: data.meetingDate }),
  stage: 'planned',
  revisionCount: 0,
  everSentForAppraisal: false,
  postponedCount: 0,
  verified: false,
});

const appraisalOf = (s: Draft) => s.appraisal ?? { pending: false, returnedCount: 0, sentCount: 0 };

/** Applies one event to an existing draft, remembering the business date of the latest step. */
function evolveDraft(s: Draft, e: DraftEvent): Draft {
  const next = evolveStage(s, e);
  return e.data.occurredOn === undefined ? next : { ...next, lastOn: e.data.occurredOn };
}

function evolveStage(s: Draft, e: DraftEvent): Draft {
  switch (e.type) {
    case 'DraftAssigned':
      throw new Error(`DraftAssigned on existing stream ${s.id}`);
    case 'DraftingStarted':
      return { ...s, stage: 'drafting' };
    case 'ConsultationOpened':
      return { ...s, stage: 'consulting', consultation: { openedAt: e.data.openedAt } };
    case 'DepartmentOpinionRecorded': {
      // decide records it only in `consulting`, where the posting date is known.
      if (s.stage !== 'consulting')
        throw new Error(`DepartmentOpinionRecorded on ${s.id} in stage ${s.stage}`);
      const on = e.data.occurredOn ?? s.consultation.openedAt;
      const answers = { ...s.consultation.answers, [e.data.department]: on };
      return { ...s, consultation: { ...s.consultation, answers } };
    }
    case 'DepartmentsAnswered':
      return s;
    case 'ConsultationClosed':
      // decide records it only in `consulting`, where the posting date is known.
      return {
        ...s,
        stage: 'revising',
        consultation: s.consultation && { ...s.consultation, closedAt: e.data.closedAt },
      };
    case 'DraftRevised':
      return s.stage === 'drafting'
        ? { ...s, stage: 'revising', revisionCount: e.data.revision }
        : { ...s, revisionCount: e.data.revision };
    case 'SentForAppraisal': {
      // A new dossier: the acceptance of the one before does not carry over.
      const { accepted: _was, acceptedOn: _previous, ...a } = appraisalOf(s);
      const sentOn = e.data.occurredOn !== undefined ? { sentOn: e.data.occurredOn } : {};
      const appraisal = { ...a, pending: true as const, sentCount: a.sentCount + 1, ...sentOn };
      const meeting = e.data.meetingDate !== undefined ? { meetingDate: e.data.meetingDate } : {};
      return { ...s, ...meeting, stage: 'in_appraisal', everSentForAppraisal: true, appraisal };
    }
    case 'DossierAccepted': {
      // decide records it only in `in_appraisal`, where an appraisal is pending.
      if (s.stage !== 'in_appraisal') throw new Error(`DossierAccepted on ${s.id} in stage ${s.stage}`);
      const on = e.data.occurredOn !== undefined ? { acceptedOn: e.data.occurredOn } : {};
      return { ...s, appraisal: { ...s.appraisal, accepted: true, ...on } };
    }
    case 'DossierReturned': {
      const { accepted: _was, acceptedOn: _accepted, ...a } = appraisalOf(s);
      return {
        ...s,
        stage: 'revising',
        appraisal: { ...a, pending: false, returnedCount: a.returnedCount + 1 },
      };
    }
    case 'AppraisalRecorded': {
      const { outcome, reportNumber, reportDate } = e.data;
      const appraisal = {
        ...appraisalOf(s),
        pending: false as const,
        outcome,
        reportNumber,
        date: reportDate,
      };
      return { ...s, stage: 'appraised', appraisal };
    }
    default:
      return evolveLate(s, e);
  }
}

/** The events after submission. */
function evolveLate(s: Draft, e: Exclude<DraftEvent, { type: EarlyType }>): Draft {
  switch (e.type) {
    case 'Submitted':
      return { ...s, stage: 'submitted' };
    case 'ReturnedForRevision':
    case 'Rejected':
      return { ...s, stage: 'revising' };
    case 'Postponed':
      return 'meetingDate' in e.data
        ? { ...s, meetingDate: e.data.meetingDate, postponedCount: s.postponedCount + 1 }
        : { ...s, stage: 'verified', sessionDate: e.data.sessionDate, postponedCount: s.postponedCount + 1 };
    case 'Adopted':
      return { ...s, stage: 'adopted', adoptedOn: e.data.adoptedOn };
    case 'ApprovedForCouncil':
      return {
        ...s,
        stage: 'committee_approved',
        ...(e.data.sessionDate !== undefined && { sessionDate: e.data.sessionDate }),
      };
    case 'SubmittedToCouncil':
      return { ...s, stage: 'under_verification' };
    case 'VerificationRecorded':
      return { ...s, stage: 'verified', verified: true };
    case 'Tabled':
      return { ...s, stage: 'tabled', sessionDate: e.data.sessionDate };
    case 'Issued': {
      const { documentNumber, signingDate, effectiveDate } = e.data;
      return { ...s, stage: 'issued', documentNumber, signingDate, effectiveDate };
    }
    case 'PublicationRecorded':
      // Only an issued draft is published (RecordPublication's grant): it keeps its number.
      if (s.stage !== 'issued') throw new Error(`PublicationRecorded on ${s.id} in stage ${s.stage}`);
      return { ...s, stage: 'published', publishedAt: e.data.publishedOn, ...gazette(e.data.gazetteIssue) };
    case 'RegimeChanged':
      return { ...s, regime: e.data.regime };
    case 'MeetingDateSet':
      return { ...s, meetingDate: e.data.meetingDate };
    case 'Withdrawn':
      return { ...s, stage: 'withdrawn', withdrawnFrom: e.data.fromStage };
    default: {
      const unknown: never = e;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

type EarlyType =
  | 'DraftAssigned'
  | 'DraftingStarted'
  | 'ConsultationOpened'
  | 'DepartmentOpinionRecorded'
  | 'DepartmentsAnswered'
  | 'ConsultationClosed'
  | 'DraftRevised'
  | 'SentForAppraisal'
  | 'DossierAccepted'
  | 'DossierReturned'
  | 'AppraisalRecorded';

const gazette = (issue: string | undefined) => (issue !== undefined ? { gazetteIssue: issue } : {});

/**
 * Facts the deadline worker appends to a draft's stream (libs/deadlines): they record that a
 * reminder went out and change nothing about the draft itself.
 */
const DEADLINE_EVENT_TYPES: ReadonlySet<string> = new Set(['DeadlineReminderSent', 'DeadlineMissed']);

/** The state after one more event. A stream must start with DraftAssigned. */
export function evolve(state: DraftState, event: DraftEvent): DraftState {
  if (DEADLINE_EVENT_TYPES.has(event.type)) return state;
  if (state === undefined) {
    if (event.type !== 'DraftAssigned') throw new Error(`a draft stream cannot start with ${event.type}`);
    return assigned(event);
  }
  return evolveDraft(state, event);
}

/** The state a stream's events describe (undefined for no events). */
export function replay(events: readonly DraftEvent[]): DraftState {
  return events.reduce<DraftState>(evolve, undefined);
}
