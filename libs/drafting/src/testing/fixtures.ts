// Actors, contexts and literal event histories for the specs. Histories are written out as
// events (not produced by decide) so a spec of decide does not depend on decide.
import type { DecisionContext } from '../decision-context.js';
import type { DraftEvent } from '../draft.events.js';
import type { DocumentKind, Procedure, Stage } from '../draft.types.js';
import type { Regime } from '../regime.rules.js';
import type { Actor, Role } from '../roles.js';

export const AGENCY = 'sokhcn';
export const OTHER_AGENCY = 'sotc';
export const DOC = 'doc-1';

export const actor = (role: Role, agency = AGENCY): Actor => ({
  userId: `${role}@${agency}`,
  agency,
  roles: [role],
});

/** A context for `actor` at 10:00 local time on `date`. */
export const ctxAt = (a: Actor, date: string): DecisionContext => ({
  documentId: DOC,
  actor: a,
  now: `${date}T03:00:00.000Z`,
});

type EventOf<T extends DraftEvent['type']> = Extract<DraftEvent, { type: T }>;
const ev = <T extends DraftEvent['type']>(type: T, data: EventOf<T>['data']) =>
  ({ type, data, schemaVersion: 1 }) as EventOf<T>;

/** Assigned in 2019 (regime `2016`, unless another is named). */
export const assigned = (
  kind: DocumentKind = 'committee_decision',
  procedure: Procedure = 'standard',
  regime: Regime = '2016',
) =>
  ev('DraftAssigned', {
    documentId: DOC,
    kind,
    title: 'Quy định quản lý nhiệm vụ khoa học và công nghệ',
    agency: AGENCY,
    procedure,
    origin: 'programme',
    year: 2019,
    plannedMonth: '2019-06',
    regime,
  });

export const EV = {
  started: ev('DraftingStarted', {}),
  opened: ev('ConsultationOpened', { openedAt: '2019-02-01' }),
  closed: ev('ConsultationClosed', { closedAt: '2019-03-05' }),
  sent: ev('SentForAppraisal', {}),
  fit: ev('AppraisalRecorded', { outcome: 'fit', reportNumber: '45/BC-STP', reportDate: '2019-03-20' }),
  notFit: ev('AppraisalRecorded', {
    outcome: 'not_fit',
    reportNumber: '44/BC-STP',
    reportDate: '2019-03-18',
  }),
  submitted: ev('Submitted', {}),
  approved: ev('ApprovedForCouncil', { sessionDate: '2019-07-10' }),
  toCouncil: ev('SubmittedToCouncil', {}),
  verification: ev('VerificationRecorded', { reportNumber: '12/BC-HĐND' }),
  tabled: ev('Tabled', { sessionDate: '2019-07-10' }),
  adopted: ev('Adopted', { adoptedOn: '2019-04-10' }),
  issuedDecision: ev('Issued', {
    documentNumber: '05/2019/QĐ-UBND',
    signingDate: '2019-04-15',
    effectiveDate: '2019-04-25',
  }),
  issuedChair: ev('Issued', {
    documentNumber: '05/2019/QĐ-CTUBND',
    signingDate: '2019-04-15',
    effectiveDate: '2019-04-25',
  }),
  issuedResolution: ev('Issued', {
    documentNumber: '05/2019/NQ-HĐND',
    signingDate: '2019-04-15',
    effectiveDate: '2019-04-25',
  }),
  published: ev('PublicationRecorded', { publishedOn: '2019-04-20', gazetteIssue: '15' }),
  withdrawn: ev('Withdrawn', { reason: 'merged', fromStage: 'drafting' }),
};

const ALONG_THE_WAY: readonly DraftEvent[] = [
  EV.started,
  EV.opened,
  EV.closed,
  EV.sent,
  EV.fit,
  EV.submitted,
];
const DECISION_TAIL = [EV.adopted, EV.issuedDecision, EV.published];
// The Chair signs a submitted decision of its own: no adoption.
const CHAIR_TAIL = [EV.issuedChair, EV.published];
const RESOLUTION_TAIL = [
  EV.approved,
  EV.toCouncil,
  EV.verification,
  EV.tabled,
  EV.adopted,
  EV.issuedResolution,
  EV.published,
];
const STAGE_AFTER: Partial<Record<Stage, number>> = {
  planned: 0,
  drafting: 1,
  consulting: 2,
  revising: 3,
  in_appraisal: 4,
  appraised: 5,
  submitted: 6,
};

/** Literal events that bring a draft of this kind and procedure to `stage`. */
export function historyTo(stage: Stage, kind: DocumentKind, procedure: Procedure = 'standard'): DraftEvent[] {
  // A Chair's decision exists only in regime 2025 (the dates of the other histories are kept).
  const head = [assigned(kind, procedure, kind === 'chair_decision' ? '2025' : '2016')];
  if (stage === 'withdrawn') return [...head, EV.started, EV.withdrawn];
  const early = STAGE_AFTER[stage];
  if (early !== undefined) return [...head, ...ALONG_THE_WAY.slice(0, early)];
  const [tail, order]: [DraftEvent[], Stage[]] =
    kind === 'committee_decision'
      ? [DECISION_TAIL, ['adopted', 'issued', 'published']]
      : kind === 'chair_decision'
        ? [CHAIR_TAIL, ['issued', 'published']]
        : [
            RESOLUTION_TAIL,
            [
              'committee_approved',
              'under_verification',
              'verified',
              'tabled',
              'adopted',
              'issued',
              'published',
            ],
          ];
  const i = order.indexOf(stage);
  if (i < 0) throw new Error(`a ${kind} never reaches ${stage}`);
  return [...head, ...ALONG_THE_WAY, ...tail.slice(0, i + 1)];
}
