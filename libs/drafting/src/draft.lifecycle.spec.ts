// Full walks through the lifecycle, each command run by the role that owns it.
import { actor, AGENCY, ctxAt, DOC } from './testing/fixtures.js';
import { walk } from './testing/given.js';
import type { DraftCommand } from './commands/index.js';
import type { DecisionContext } from './decision-context.js';
import type { DocumentKind, Procedure } from './draft.types.js';

const drafter = actor('drafter');
const lead = actor('drafting_lead');
const appraiser = actor('appraiser');
const committee = actor('committee_office');
const council = actor('council_office');

const assign = (kind: DocumentKind, procedure: Procedure): DraftCommand => ({
  type: 'AssignDraft',
  data: {
    kind,
    procedure,
    title: 'Quy định về quản lý giống cây trồng',
    agency: AGENCY,
    origin: 'additional',
    year: 2019,
  },
});

type Step = [DraftCommand, DecisionContext];

const upToAppraised = (kind: DocumentKind): Step[] => [
  [assign(kind, 'standard'), ctxAt(committee, '2019-01-10')],
  [{ type: 'StartDrafting', data: {} }, ctxAt(drafter, '2019-01-15')],
  [{ type: 'OpenConsultation', data: {} }, ctxAt(drafter, '2019-02-01')],
  [{ type: 'CloseConsultation', data: {} }, ctxAt(drafter, '2019-03-03')],
  [{ type: 'RecordRevision', data: { summary: 'Tiếp thu ý kiến góp ý' } }, ctxAt(drafter, '2019-03-05')],
  [{ type: 'SendForAppraisal', data: { meetingDate: '2019-04-25' } }, ctxAt(lead, '2019-03-06')],
  [
    {
      type: 'RecordAppraisal',
      data: { outcome: 'fit', reportNumber: '45/BC-STP', reportDate: '2019-03-15' },
    },
    ctxAt(appraiser, '2019-03-15'),
  ],
  [{ type: 'Submit', data: {} }, ctxAt(lead, '2019-03-20')],
];

describe('a committee decision, standard procedure', () => {
  it('goes from assignment to publication', () => {
    const { events, state } = walk([
      ...upToAppraised('committee_decision'),
      [{ type: 'Postpone', data: { meetingDate: '2019-05-05' } }, ctxAt(committee, '2019-04-20')],
      [{ type: 'Adopt', data: {} }, ctxAt(committee, '2019-05-05')],
      [
        {
          type: 'Issue',
          data: { documentNumber: '08/2019/QĐ-UBND', signingDate: '2019-05-08', effectiveDate: '2019-05-18' },
        },
        ctxAt(committee, '2019-05-08'),
      ],
      [
        { type: 'RecordPublication', data: { publishedOn: '2019-05-12', gazetteIssue: '21' } },
        ctxAt(committee, '2019-05-12'),
      ],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
      'ConsultationOpened',
      'ConsultationClosed',
      'DraftRevised',
      'SentForAppraisal',
      'AppraisalRecorded',
      'Submitted',
      'Postponed',
      'Adopted',
      'Issued',
      'PublicationRecorded',
    ]);
    expect(state).toMatchObject({
      id: DOC,
      stage: 'published',
      consultation: { openedAt: '2019-02-01', closedAt: '2019-03-03' },
      appraisal: {
        pending: false,
        outcome: 'fit',
        reportNumber: '45/BC-STP',
        returnedCount: 0,
        sentCount: 1,
      },
      meetingDate: '2019-05-05',
      postponedCount: 1,
      documentNumber: '08/2019/QĐ-UBND',
      effectiveDate: '2019-05-18',
      publishedAt: '2019-05-12',
      everSentForAppraisal: true,
      revisionCount: 1,
    });
  });
});

describe('a council resolution, standard procedure', () => {
  it('goes through committee approval, verification, a postponed session, adoption and certification', () => {
    const { events, state } = walk([
      ...upToAppraised('council_resolution'),
      [{ type: 'ApproveForCouncil', data: { sessionDate: '2019-07-10' } }, ctxAt(committee, '2019-04-25')],
      [{ type: 'SubmitToCouncil', data: {} }, ctxAt(committee, '2019-05-02')],
      [{ type: 'RecordVerification', data: { reportNumber: '12/BC-HĐND' } }, ctxAt(council, '2019-06-20')],
      [{ type: 'Table', data: { sessionDate: '2019-07-10' } }, ctxAt(council, '2019-07-01')],
      [{ type: 'Postpone', data: { sessionDate: '2019-12-05' } }, ctxAt(council, '2019-07-10')],
      [{ type: 'Table', data: { sessionDate: '2019-12-05' } }, ctxAt(council, '2019-11-25')],
      [{ type: 'Adopt', data: {} }, ctxAt(council, '2019-12-05')],
      [
        {
          type: 'Certify',
          data: { documentNumber: '15/2019/NQ-HĐND', signingDate: '2019-12-10', effectiveDate: '2020-01-01' },
        },
        ctxAt(council, '2019-12-10'),
      ],
      [{ type: 'RecordPublication', data: { publishedOn: '2019-12-15' } }, ctxAt(committee, '2019-12-15')],
    ]);
    expect(events.slice(8).map((e) => e.type)).toEqual([
      'ApprovedForCouncil',
      'SubmittedToCouncil',
      'VerificationRecorded',
      'Tabled',
      'Postponed',
      'Tabled',
      'Adopted',
      'Issued',
      'PublicationRecorded',
    ]);
    expect(state).toMatchObject({
      stage: 'published',
      verified: true,
      sessionDate: '2019-12-05',
      adoptedOn: '2019-12-05',
      documentNumber: '15/2019/NQ-HĐND',
      postponedCount: 1,
    });
  });
});

describe('the simplified procedure', () => {
  it('may skip consultation, never appraisal, and takes effect on signing', () => {
    const { events, state } = walk([
      [assign('committee_decision', 'simplified'), ctxAt(committee, '2019-08-01')],
      [{ type: 'StartDrafting', data: {} }, ctxAt(drafter, '2019-08-01')],
      [{ type: 'SendForAppraisal', data: {} }, ctxAt(lead, '2019-08-01')],
      [
        {
          type: 'RecordAppraisal',
          data: { outcome: 'fit', reportNumber: '50/BC-STP', reportDate: '2019-08-02' },
        },
        ctxAt(appraiser, '2019-08-02'),
      ],
      [{ type: 'Submit', data: {} }, ctxAt(lead, '2019-08-03')],
      [{ type: 'Adopt', data: {} }, ctxAt(committee, '2019-08-05')],
      [
        {
          type: 'Issue',
          data: { documentNumber: '21/2019/QĐ-UBND', signingDate: '2019-08-05', effectiveDate: '2019-08-05' },
        },
        ctxAt(committee, '2019-08-05'),
      ],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'DraftAssigned',
      'DraftingStarted',
      'SentForAppraisal',
      'AppraisalRecorded',
      'Submitted',
      'Adopted',
      'Issued',
    ]);
    expect(state).toMatchObject({ stage: 'issued', signingDate: '2019-08-05', effectiveDate: '2019-08-05' });
  });
});
