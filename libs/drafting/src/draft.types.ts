export type DocumentKind = 'committee_decision' | 'council_resolution';
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

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['committee_decision', 'council_resolution'];
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
}

/** A draft that exists. All dates are YYYY-MM-DD strings; the state is plain JSON. */
export interface Draft {
  id: string;
  kind: DocumentKind;
  procedure: Procedure;
  origin: Origin;
  agency: string;
  title: string;
  year: number;
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

/** undefined: the stream does not exist. */
export type DraftState = undefined | Draft;
