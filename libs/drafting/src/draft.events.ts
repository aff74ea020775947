// The facts a draft's stream records. Data is plain JSON: optional keys are omitted, never
// undefined. Who and when the infrastructure adds as metadata.
import type { Department, DocumentKind, Origin, Procedure, Stage } from './draft.types.js';
import type { Regime } from './regime.rules.js';

/**
 * Every event of a person's command carries the business date of the step (lifecycle.md,
 * "Business dates"); events recorded before business dates existed have none.
 */
export type Dated = { occurredOn?: string };

type Event<T extends string, D> = { type: T; data: D & Dated; schemaVersion: 1 };

export type DraftAssigned = Event<
  'DraftAssigned',
  {
    documentId: string;
    kind: DocumentKind;
    title: string;
    agency: string;
    procedure: Procedure;
    origin: Origin;
    year: number;
    plannedMonth?: string;
    meetingDate?: string;
    /** The regime in force on the assignment date, fixed for the document (absent on old events). */
    regime?: Regime;
  }
>;
export type DraftingStarted = Event<'DraftingStarted', { reason?: string }>;
export type ConsultationOpened = Event<'ConsultationOpened', { openedAt: string }>;
/** A department that must be consulted on a Chair's decision answered (Decree 187/2025 Art 51a). */
export type DepartmentOpinionRecorded = Event<
  'DepartmentOpinionRecorded',
  { department: Department; summary?: string }
>;
/** The last of the departments that must be consulted answered: the answer period is met. */
export type DepartmentsAnswered = Event<'DepartmentsAnswered', object>;
export type ConsultationClosed = Event<'ConsultationClosed', { closedAt: string; reason?: string }>;
export type DraftRevised = Event<'DraftRevised', { revision: number; summary: string; reason?: string }>;
export type SentForAppraisal = Event<'SentForAppraisal', { meetingDate?: string }>;
/** The Department of Justice accepted the dossier as complete: since 2021 the appraisal period runs from here. */
export type DossierAccepted = Event<'DossierAccepted', object>;
export type DossierReturned = Event<'DossierReturned', { reason: string }>;
export type AppraisalRecorded = Event<
  'AppraisalRecorded',
  { outcome: 'fit' | 'not_fit'; reportNumber: string; reportDate: string }
>;
export type Submitted = Event<'Submitted', { reason?: string }>;
export type ReturnedForRevision = Event<'ReturnedForRevision', { reason: string }>;
/** A UBND meeting (stage stays submitted) or an HĐND session (tabled -> verified) moved. */
export type Postponed = Event<
  'Postponed',
  { meetingDate: string; reason?: string } | { sessionDate: string; reason?: string }
>;
export type Adopted = Event<'Adopted', { adoptedOn: string }>;
export type ApprovedForCouncil = Event<'ApprovedForCouncil', { sessionDate?: string }>;
export type SubmittedToCouncil = Event<'SubmittedToCouncil', { reason?: string }>;
export type VerificationRecorded = Event<'VerificationRecorded', { reportNumber?: string; summary?: string }>;
export type Tabled = Event<'Tabled', { sessionDate: string }>;
export type Rejected = Event<'Rejected', { reason: string }>;
export type Issued = Event<'Issued', { documentNumber: string; signingDate: string; effectiveDate: string }>;
export type PublicationRecorded = Event<
  'PublicationRecorded',
  { publishedOn: string; gazetteIssue?: string }
>;
/** A committee office moved the document to another legal regime (a transitional provision). */
export type RegimeChanged = Event<'RegimeChanged', { regime: Regime; fromRegime: Regime; reason: string }>;
/** The UBND meeting the draft is planned for, set or changed before submission. */
export type MeetingDateSet = Event<'MeetingDateSet', { meetingDate: string; reason?: string }>;
export type Withdrawn = Event<'Withdrawn', { reason: string; fromStage: Stage }>;

export type DraftEvent =
  | DraftAssigned
  | DraftingStarted
  | ConsultationOpened
  | DepartmentOpinionRecorded
  | DepartmentsAnswered
  | ConsultationClosed
  | DraftRevised
  | SentForAppraisal
  | DossierAccepted
  | DossierReturned
  | AppraisalRecorded
  | Submitted
  | ReturnedForRevision
  | Postponed
  | Adopted
  | ApprovedForCouncil
  | SubmittedToCouncil
  | VerificationRecorded
  | Tabled
  | Rejected
  | Issued
  | PublicationRecorded
  | RegimeChanged
  | MeetingDateSet
  | Withdrawn;

export type DraftEventType = DraftEvent['type'];

/** Builds an event, dropping keys whose value is undefined so the data stays plain JSON. */
export function event<E extends DraftEvent>(type: E['type'], data: E['data']): E {
  // (occurredOn is added by decide to every event of the command.)
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return { type, data: clean, schemaVersion: 1 } as E;
}
