import {
  DocumentAlreadyExists,
  DocumentNotFound,
  Forbidden,
  GuardViolation,
  IllegalTransition,
} from '../domain.errors.js';
import { actor, AGENCY, assigned, ctxAt, DOC, EV, OTHER_AGENCY } from '../testing/fixtures.js';
import { given } from '../testing/given.js';

const committee = ctxAt(actor('committee_office'), '2019-01-10');
const drafter = (date = '2019-03-03') => ctxAt(actor('drafter'), date);
const assign = {
  type: 'AssignDraft',
  data: {
    kind: 'committee_decision',
    title: 'Quy định quản lý nhiệm vụ khoa học và công nghệ',
    agency: AGENCY,
    procedure: 'standard',
    origin: 'programme',
    year: 2019,
    plannedMonth: '2019-06',
  },
} as const;

describe('AssignDraft', () => {
  it('creates the draft in the programme', () => {
    const state = given([]).when(assign, committee).then([assigned()]);
    expect(state).toMatchObject({ id: DOC, stage: 'planned', plannedMonth: '2019-06', revisionCount: 0 });
  });
  it('refuses a second assignment of the same stream', () => {
    given([assigned()]).when(assign, committee).thenThrows(DocumentAlreadyExists);
  });
  it('is the committee office’s', () => {
    given([])
      .when(assign, ctxAt(actor('drafting_lead'), '2019-01-10'))
      .thenThrows(Forbidden);
  });
});

describe('StartDrafting', () => {
  it('moves planned to drafting', () => {
    given([assigned()]).when({ type: 'StartDrafting', data: {} }, drafter()).then([EV.started]);
  });
  it('answers not found on a stream that does not exist', () => {
    given([]).when({ type: 'StartDrafting', data: {} }, drafter()).thenThrows(DocumentNotFound);
  });
  it('refuses a drafter of another agency', () => {
    const other = ctxAt(actor('drafter', OTHER_AGENCY), '2019-01-10');
    given([assigned()]).when({ type: 'StartDrafting', data: {} }, other).thenThrows(Forbidden);
  });
});

describe('OpenConsultation', () => {
  it('opens on the day of the command by default', () => {
    given([assigned(), EV.started])
      .when({ type: 'OpenConsultation', data: {} }, drafter('2019-02-01'))
      .then([EV.opened]);
  });
  it('records an earlier posting date', () => {
    given([assigned(), EV.started])
      .when({ type: 'OpenConsultation', data: { postedAt: '2019-02-01' } }, drafter('2019-02-04'))
      .then([EV.opened]);
  });
  it('refuses a posting date in the future', () => {
    given([assigned(), EV.started])
      .when({ type: 'OpenConsultation', data: { postedAt: '2019-02-05' } }, drafter('2019-02-04'))
      .thenThrows(GuardViolation);
  });
  it('may reopen while revising', () => {
    given([assigned(), EV.started, EV.opened, EV.closed])
      .when({ type: 'OpenConsultation', data: {} }, drafter('2019-03-10'))
      .then([{ type: 'ConsultationOpened', data: { openedAt: '2019-03-10' }, schemaVersion: 1 }]);
  });
});

describe('CloseConsultation', () => {
  const close = { type: 'CloseConsultation', data: {} } as const;
  const closedOn = (closedAt: string) => [
    { type: 'ConsultationClosed' as const, data: { closedAt }, schemaVersion: 1 as const },
  ];
  it('closes once 30 calendar days have run', () => {
    given([assigned(), EV.started, EV.opened])
      .when(close, drafter('2019-03-03'))
      .then(closedOn('2019-03-03'));
  });
  it('refuses to close on day 29', () => {
    given([assigned(), EV.started, EV.opened]).when(close, drafter('2019-03-02')).thenThrows(GuardViolation);
  });
  it('lets a simplified draft close at once', () => {
    given([assigned('committee_decision', 'simplified'), EV.started, EV.opened])
      .when(close, drafter('2019-02-02'))
      .then(closedOn('2019-02-02'));
  });
  it('uses the local date in Viet Nam (UTC+7)', () => {
    const lateEvening = { ...drafter(), now: '2019-03-02T18:00:00.000Z' }; // 01:00 on 3 March in Hà Nội
    given([assigned(), EV.started, EV.opened]).when(close, lateEvening).then(closedOn('2019-03-03'));
  });
  it('is refused outside consultation', () => {
    given([assigned(), EV.started]).when(close, drafter()).thenThrows(IllegalTransition);
  });
});

describe('RecordRevision', () => {
  const revise = { type: 'RecordRevision', data: { summary: 'Chỉnh lý theo báo cáo thẩm định' } } as const;
  it('moves drafting to revising and counts revisions', () => {
    const state = given([assigned(), EV.started])
      .when(revise, drafter())
      .then([
        { type: 'DraftRevised', data: { revision: 1, summary: revise.data.summary }, schemaVersion: 1 },
      ]);
    expect(state?.stage).toBe('revising');
  });
  it('keeps an appraised draft appraised', () => {
    const state = given([assigned(), EV.started, EV.opened, EV.closed, EV.sent, EV.fit])
      .when(revise, drafter())
      .then([
        { type: 'DraftRevised', data: { revision: 1, summary: revise.data.summary }, schemaVersion: 1 },
      ]);
    expect(state?.stage).toBe('appraised');
  });
  it('is refused while the dossier is with the appraiser', () => {
    given([assigned(), EV.started, EV.opened, EV.closed, EV.sent])
      .when(revise, drafter())
      .thenThrows(IllegalTransition);
  });
});
