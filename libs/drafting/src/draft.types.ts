import type { Regime } from './regime.rules.js';

/** lifecycle.md, "Document kinds"; `chair_decision` from 2025-07-01 (Law 87/2025, Decree 187/2025 Art 51a). */
export type DocumentKind = 'committee_decision' | 'council_resolution' | 'chair_decision';
export type Procedure = 'standard' | 'simplified';
export type Origin = 'programme' | 'additional';

export type Stage =
  | 'planned'
  | 'drafting'
  | 'consulting'
  | 'revising'
  | 'in_appraisal'
  | 'appraised'
  | 'submitted'
  | 'committee_approved'
  | 'under_verification'
  | 'verified'
  | 'tabled'
  | 'adopted'
  | 'issued'
  | 'published'
  | 'withdrawn';

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'committee_decision',
  'council_resolution',
  'chair_decision',
];

/**
 * The departments a draft decision of the Chair must be sent to for comments (Decree 187/2025,
 * Art 51a): Finance, Home Affairs, Justice, Science and Technology.
 */
export type Department = 'finance' | 'home_affairs' | 'justice' | 'science_technology';
export const CONSULTED_DEPARTMENTS: readonly [Department, ...Department[]] = [
  'finance',
  'home_affairs',
  'justice',
  'science_technology',
];
export const PROCEDURES: readonly Procedure[] = ['standard', 'simplified'];
export const ORIGINS: readonly Origin[] = ['programme', 'additional'];

export const STAGES: readonly Stage[] = [
  'planned',
  'drafting',
  'consulting',
  'revising',
  'in_appraisal',
  'appraised',
  'submitted',
  'committee_approved',
  'under_verification',
  'verified',
  'tabled',
  'adopted',
  'issued',
  'published',
  'withdrawn',
];

/** Stages from which a draft may still be withdrawn (lifecycle.md, "Open stages"). */
export const OPEN_STAGES: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('adopted'));
/** Planned to appraised: still being drafted; a programme draft here after its planned month is overdue. */
export const STAGES_BEFORE_SUBMISSION: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('submitted'));

export interface Consultation {
  /** Local (Asia/Ho_Chi_Minh) date the draft was posted, YYYY-MM-DD. */
  openedAt: string;
  closedAt?: string;
  /** A Chair's decision: the date each consulted department answered (absent: not yet). */
  answers?: Partial<Record<Department, string>>;
}

export interface Appraisal {
  /** Sent to the Department of Justice and neither appraised nor returned yet. */
  pending: boolean;
  outcome?: 'fit' | 'not_fit';
  reportNumber?: string;
  /** Date of the latest appraisal report, YYYY-MM-DD. */
  date?: string;
  returnedCount: number;
  sentCount: number;
  /** Business date of the latest SendForAppraisal (absent on events recorded without dates). */
  sentOn?: string;
  /**
   * The Department of Justice accepted the dossier last sent as complete (AcceptDossier); absent
   * while it is being checked, and once it is returned.
   */
  accepted?: true;
  /** Business date of that acceptance (absent on events recorded without dates). */
  acceptedOn?: string;
}

/** An appraisal whose report is recorded: the outcome, the report's number and its date are known. */
export interface RecordedAppraisal extends Appraisal {
  pending: false;
  outcome: 'fit' | 'not_fit';
  reportNumber: string;
  date: string;
}

/**
 * What every draft records, whatever its stage. All dates are YYYY-MM-DD strings; the state is
 * plain JSON. An optional fact is recorded along the way and kept from then on; the stage types
 * below make it required where the lifecycle guarantees it.
 */
interface DraftFacts {
  id: string;
  kind: DocumentKind;
  procedure: Procedure;
  origin: Origin;
  agency: string;
  title: string;
  year: number;
  /** The legal regime fixed at assignment (lifecycle.md, "Legal regime of a document"). */
  regime: Regime;
  /** Business date of the latest step recorded: the next step may not be dated earlier. */
  lastOn?: string;
  /** YYYY-MM, present iff origin is programme. */
  plannedMonth?: string;
  stage: Stage;
  revisionCount: number;
  consultation?: Consultation;
  appraisal?: Appraisal;
  everSentForAppraisal: boolean;
  /** The UBND meeting the draft is planned for. */
  meetingDate?: string;
  /** The HĐND session a resolution is planned for. */
  sessionDate?: string;
  postponedCount: number;
  verified: boolean;
  adoptedOn?: string;
  documentNumber?: string;
  signingDate?: string;
  effectiveDate?: string;
  publishedAt?: string;
  gazetteIssue?: string;
  withdrawnFrom?: Stage;
}

export interface PlannedDraft extends DraftFacts {
  stage: 'planned';
}
export interface DraftingDraft extends DraftFacts {
  stage: 'drafting';
}
/** Posted for comments: the posting date is known. */
export interface ConsultingDraft extends DraftFacts {
  stage: 'consulting';
  consultation: Consultation;
}
export interface RevisingDraft extends DraftFacts {
  stage: 'revising';
}
/** With the Department of Justice: an appraisal is pending. */
export interface InAppraisalDraft extends DraftFacts {
  stage: 'in_appraisal';
  appraisal: Appraisal & { pending: true };
}
/** The appraisal report is recorded. */
export interface AppraisedDraft extends DraftFacts {
  stage: 'appraised';
  appraisal: RecordedAppraisal;
}
export interface SubmittedDraft extends DraftFacts {
  stage: 'submitted';
}
export interface CommitteeApprovedDraft extends DraftFacts {
  stage: 'committee_approved';
}
export interface UnderVerificationDraft extends DraftFacts {
  stage: 'under_verification';
}
export interface VerifiedDraft extends DraftFacts {
  stage: 'verified';
}
/** On the agenda of an HĐND session: the session date is known. */
export interface TabledDraft extends DraftFacts {
  stage: 'tabled';
  sessionDate: string;
}
export interface AdoptedDraft extends DraftFacts {
  stage: 'adopted';
  adoptedOn: string;
}
/** Signed and numbered (Art 10(3)(c) of the 2015 law), with its date of entry into force. */
interface IssuedFacts extends DraftFacts {
  documentNumber: string;
  signingDate: string;
  effectiveDate: string;
}
/** Issued (or certified): it has its number, signing date and effective date. */
export interface IssuedDraft extends IssuedFacts {
  stage: 'issued';
}
export interface PublishedDraft extends IssuedFacts {
  stage: 'published';
  publishedAt: string;
}
export interface WithdrawnDraft extends DraftFacts {
  stage: 'withdrawn';
  withdrawnFrom: Stage;
}

/** A draft that exists, by stage: what a stage guarantees is a type fact, not a `!`. */
export type Draft =
  | PlannedDraft
  | DraftingDraft
  | ConsultingDraft
  | RevisingDraft
  | InAppraisalDraft
  | AppraisedDraft
  | SubmittedDraft
  | CommitteeApprovedDraft
  | UnderVerificationDraft
  | VerifiedDraft
  | TabledDraft
  | AdoptedDraft
  | IssuedDraft
  | PublishedDraft
  | WithdrawnDraft;

/** The draft in one of these stages. */
export type DraftAt<S extends Stage> = Extract<Draft, { stage: S }>;

/** undefined: the stream does not exist. */
export type DraftState = undefined | Draft;
