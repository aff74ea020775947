// lifecycle.md, "Decisions of the Chair of the People's Committee" (Law 87/2025, Decree 187/2025
// Art 51a): from 2025-07-01 a `chair_decision` is posted at least 10 days, the departments of
// Finance, Home Affairs, Justice and Science and Technology must be consulted and answer within
// 7 days (3 if simplified), it is appraised by the Department of Justice, submitted to and signed
// by the Chair (no collective adoption), and numbered …/QĐ-CTUBND.
import { GuardViolation, IllegalTransition } from '../domain.errors.js';
import { decide } from '../draft.decide.js';
import type { DraftEvent } from '../draft.events.js';
import { replay } from '../draft.evolve.js';
import { CONSULTED_DEPARTMENTS } from '../draft.types.js';
import { actor, assigned, ctxAt, EV } from '../testing/fixtures.js';
import { given } from '../testing/given.js';

const at = (role: Parameters<typeof actor>[0], date: string) => ctxAt(actor(role), date);
const ev = (type: DraftEvent['type'], data: object, occurredOn?: string) =>
  ({ type, data: { ...data, ...(occurredOn && { occurredOn }) }, schemaVersion: 1 }) as DraftEvent;

const chair = (procedure: 'standard' | 'simplified' = 'standard') => ({
  ...assigned('chair_decision', procedure, '2025'),
  data: { ...assigned('chair_decision', procedure, '2025').data, year: 2025, plannedMonth: '2025-10' },
});
const started = ev('DraftingStarted', {}, '2025-08-01');
const opened = ev('ConsultationOpened', { openedAt: '2025-08-04' }, '2025-08-04');
const answered = (department: string, on: string) => ev('DepartmentOpinionRecorded', { department }, on);
const allAnswered = ev('DepartmentsAnswered', {}, '2025-08-08');
const fourAnswers = [
  answered('finance', '2025-08-05'),
  answered('home_affairs', '2025-08-06'),
  answered('justice', '2025-08-07'),
  answered('science_technology', '2025-08-08'),
  allAnswered,
];
const closeOn = (occurredOn: string) => ({ type: 'CloseConsultation', data: { occurredOn } }) as const;

describe('AssignDraft of a chair_decision', () => {
  const body = {
    kind: 'chair_decision' as const,
    title: 'Quy định của Chủ tịch UBND tỉnh về ủy quyền',
    agency: 'so-khcn',
    procedure: 'standard' as const,
    origin: 'additional' as const,
    year: 2025,
  };
  it('given 1 July 2025 or later, then it is assigned under regime 2025', () => {
    const events = decide(
      { type: 'AssignDraft', data: { ...body, occurredOn: '2025-07-01' } },
      undefined,
      at('committee_office', '2025-07-02'),
    );
    expect(replay(events)).toMatchObject({ kind: 'chair_decision', regime: '2025', stage: 'planned' });
  });
  it('given a date before 1 July 2025, then the kind does not exist yet and nothing is recorded', () => {
    expect(() =>
      decide(
        { type: 'AssignDraft', data: { ...body, occurredOn: '2025-06-30' } },
        undefined,
        at('committee_office', '2025-07-02'),
      ),
    ).toThrow(GuardViolation);
  });
  it('given a UBND meeting date, then it is refused: the Chair decides alone, no meeting adopts it', () => {
    expect(() =>
      decide(
        { type: 'AssignDraft', data: { ...body, meetingDate: '2025-12-01' } },
        undefined,
        at('committee_office', '2025-07-02'),
      ),
    ).toThrow(GuardViolation);
  });
});

describe('RecordDepartmentOpinion (the four departments that must be consulted)', () => {
  const drafter = at('drafter', '2025-08-06');
  it('names the four departments', () => {
    expect([...CONSULTED_DEPARTMENTS]).toEqual(['finance', 'home_affairs', 'justice', 'science_technology']);
  });
  it('given a consultation, when a department answers, then its answer is recorded on that date', () => {
    const state = given([chair(), started, opened])
      .when(
        { type: 'RecordDepartmentOpinion', data: { department: 'finance', occurredOn: '2025-08-05' } },
        drafter,
      )
      .then([answered('finance', '2025-08-05')]);
    expect(state).toMatchObject({
      stage: 'consulting',
      consultation: { answers: { finance: '2025-08-05' } },
    });
  });
  it('given three answers, when the fourth comes, then all are recorded as answered', () => {
    given([chair(), started, opened, ...fourAnswers.slice(0, 3)])
      .when(
        {
          type: 'RecordDepartmentOpinion',
          data: { department: 'science_technology', occurredOn: '2025-08-08' },
        },
        at('drafter', '2025-08-08'),
      )
      .then([answered('science_technology', '2025-08-08'), allAnswered]);
  });
  it('given a department that answered, when it answers again, then it is refused', () => {
    given([chair(), started, opened, answered('finance', '2025-08-05')])
      .when({ type: 'RecordDepartmentOpinion', data: { department: 'finance' } }, drafter)
      .thenThrows(GuardViolation);
  });
  it('is for the Chair’s decisions only', () => {
    given([assigned('committee_decision', 'standard', '2025'), EV.started, EV.opened])
      .when({ type: 'RecordDepartmentOpinion', data: { department: 'finance' } }, drafter)
      .thenThrows(IllegalTransition);
  });
});

describe('CloseConsultation of a chair_decision (≥ 10 days posted, departments answered or 7 days run)', () => {
  const drafter = (date: string) => at('drafter', date);
  it('given four answers, when closed before 10 days, then it is refused (posted at least 10 days)', () => {
    given([chair(), started, opened, ...fourAnswers])
      .when(closeOn('2025-08-13'), drafter('2025-08-20'))
      .thenThrows(GuardViolation);
  });
  it('given four answers, when closed after 10 days, then it closes', () => {
    given([chair(), started, opened, ...fourAnswers])
      .when(closeOn('2025-08-14'), drafter('2025-08-20'))
      .then([ev('ConsultationClosed', { closedAt: '2025-08-14' })]);
  });
  it('given an answer missing, when 10 days have run (past the 7 for answers), then it closes', () => {
    given([chair(), started, opened, ...fourAnswers.slice(0, 1)])
      .when(closeOn('2025-08-14'), drafter('2025-08-20'))
      .then([ev('ConsultationClosed', { closedAt: '2025-08-14' })]);
  });
  it('given a standard committee decision, then 30 days still apply', () => {
    const decision = [assigned('committee_decision', 'standard', '2025'), started, opened];
    given(decision).when(closeOn('2025-08-14'), drafter('2025-08-20')).thenThrows(GuardViolation);
  });
  it('given a simplified chair decision missing an answer, when closed within the 3 days, then it is refused', () => {
    given([chair('simplified'), started, opened, ...fourAnswers.slice(0, 2)])
      .when(closeOn('2025-08-07'), drafter('2025-08-07'))
      .thenThrows(GuardViolation);
  });
  it('given a simplified chair decision missing an answer, when the 3 days have run, then it closes (no 10-day minimum)', () => {
    given([chair('simplified'), started, opened, ...fourAnswers.slice(0, 2)])
      .when(closeOn('2025-08-08'), drafter('2025-08-08'))
      .then([ev('ConsultationClosed', { closedAt: '2025-08-08' })]);
  });
  it('given a simplified chair decision with four answers, then it closes at once', () => {
    given([chair('simplified'), started, opened, ...fourAnswers])
      .when(closeOn('2025-08-08'), drafter('2025-08-08'))
      .then([ev('ConsultationClosed', { closedAt: '2025-08-08' })]);
  });
});

describe('the rest of a chair_decision’s path', () => {
  const consulted = [
    chair(),
    started,
    opened,
    ...fourAnswers,
    ev('ConsultationClosed', { closedAt: '2025-08-15' }, '2025-08-15'),
  ];
  const sent = ev('SentForAppraisal', {}, '2025-08-18');
  const accepted = ev('DossierAccepted', {}, '2025-08-19');
  const fit = ev(
    'AppraisalRecorded',
    { outcome: 'fit', reportNumber: '90/BC-STP', reportDate: '2025-08-29' },
    '2025-08-29',
  );
  const submitted = ev('Submitted', {}, '2025-09-01');
  const lead = at('drafting_lead', '2025-09-10');
  const office = at('committee_office', '2025-09-10');
  it('given a simplified chair decision never consulted, when sent for appraisal, then it is refused: the departments must be consulted', () => {
    given([chair('simplified'), started])
      .when({ type: 'SendForAppraisal', data: {} }, lead)
      .thenThrows(GuardViolation);
  });
  it('given a consulted chair decision, when sent naming a UBND meeting, then it is refused', () => {
    given(consulted)
      .when({ type: 'SendForAppraisal', data: { meetingDate: '2025-10-01' } }, lead)
      .thenThrows(GuardViolation);
  });
  it('given a fit appraisal, when submitted, then the Chair signs it from submission: no adoption', () => {
    const state = given([...consulted, sent, accepted, fit])
      .when({ type: 'Submit', data: {} }, lead)
      .then([ev('Submitted', {})]);
    expect(state).toMatchObject({ stage: 'submitted' });
    given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Adopt', data: {} }, office)
      .thenThrows(IllegalTransition);
  });
  it('given a submitted chair decision, when signed, then it is numbered …/QĐ-CTUBND and takes effect 10 days later', () => {
    const issue = {
      documentNumber: '03/2025/QĐ-CTUBND',
      signingDate: '2025-09-05',
      effectiveDate: '2025-09-15',
    };
    given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Issue', data: issue }, office)
      .then([ev('Issued', issue)]);
  });
  it('given a submitted chair decision, when numbered as a committee decision, then it is refused', () => {
    const issue = {
      documentNumber: '03/2025/QĐ-UBND',
      signingDate: '2025-09-05',
      effectiveDate: '2025-09-15',
    };
    given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Issue', data: issue }, office)
      .thenThrows(GuardViolation);
  });
  it('given a submitted chair decision, when signed before submission, then it is refused', () => {
    const issue = {
      documentNumber: '03/2025/QĐ-CTUBND',
      signingDate: '2025-08-30',
      effectiveDate: '2025-09-15',
    };
    given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Issue', data: issue }, office)
      .thenThrows(GuardViolation);
  });
  it('given a submitted chair decision, when adopted, then the refusal says adoption is not for its kind', () => {
    const refusal = given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Adopt', data: {} }, office)
      .thenThrows(IllegalTransition);
    expect(refusal.message).toContain('not for a chair_decision');
  });
  it('given a chair decision, then no UBND meeting is set or postponed and its regime stays 2025', () => {
    given(consulted)
      .when(
        { type: 'SetMeetingDate', data: { meetingDate: '2025-10-01' } },
        at('committee_office', '2025-08-20'),
      )
      .thenThrows(IllegalTransition);
    given([...consulted, sent, accepted, fit, submitted])
      .when({ type: 'Postpone', data: { meetingDate: '2025-10-01' } }, office)
      .thenThrows(IllegalTransition);
    given(consulted)
      .when(
        { type: 'ChangeRegime', data: { regime: '2021', reason: 'x' } },
        at('committee_office', '2025-08-20'),
      )
      .thenThrows(IllegalTransition);
  });
});
