import { Forbidden, GuardViolation, IllegalTransition } from '../domain.errors.js';
import { actor, ctxAt, EV, historyTo } from '../testing/fixtures.js';
import { given } from '../testing/given.js';

const committee = ctxAt(actor('committee_office'), '2019-06-01');
const council = ctxAt(actor('council_office'), '2019-06-01');
const decisionSubmitted = historyTo('submitted', 'committee_decision');
const resolutionAt = (stage: Parameters<typeof historyTo>[0]) => historyTo(stage, 'council_resolution');
const ev = <T extends string, D>(type: T, data: D) => ({ type, data, schemaVersion: 1 as const });

describe('ReturnForRevision', () => {
  it('sends a submitted draft back to the drafters', () => {
    const state = given(decisionSubmitted)
      .when({ type: 'ReturnForRevision', data: { reason: 'Làm rõ phạm vi' } }, committee)
      .then([ev('ReturnedForRevision', { reason: 'Làm rõ phạm vi' })]);
    expect(state?.stage).toBe('revising');
  });
});

describe('Postpone', () => {
  it('moves the UBND meeting of a submitted draft', () => {
    const state = given(decisionSubmitted)
      .when({ type: 'Postpone', data: { meetingDate: '2019-06-20' } }, committee)
      .then([ev('Postponed', { meetingDate: '2019-06-20' })]);
    expect(state).toMatchObject({ stage: 'submitted', meetingDate: '2019-06-20', postponedCount: 1 });
  });
  it('moves a tabled resolution to the next session', () => {
    const state = given(resolutionAt('tabled'))
      .when({ type: 'Postpone', data: { sessionDate: '2019-12-05', reason: 'Chưa đủ thời gian' } }, council)
      .then([ev('Postponed', { sessionDate: '2019-12-05', reason: 'Chưa đủ thời gian' })]);
    expect(state).toMatchObject({ stage: 'verified', sessionDate: '2019-12-05' });
  });
  it('needs a session date, not a meeting date, for a tabled resolution', () => {
    given(resolutionAt('tabled'))
      .when({ type: 'Postpone', data: { meetingDate: '2019-12-05' } }, council)
      .thenThrows(GuardViolation);
  });
  it('is the council office’s for a tabled resolution', () => {
    given(resolutionAt('tabled'))
      .when({ type: 'Postpone', data: { sessionDate: '2019-12-05' } }, committee)
      .thenThrows(IllegalTransition);
  });
});

describe('Adopt', () => {
  it('adopts a submitted decision (committee office)', () => {
    given(decisionSubmitted)
      .when({ type: 'Adopt', data: {} }, committee)
      .then([ev('Adopted', { adoptedOn: '2019-06-01' })]);
  });
  it('adopts a tabled resolution (council office)', () => {
    given(resolutionAt('tabled'))
      .when({ type: 'Adopt', data: { adoptedOn: '2019-05-30' } }, council)
      .then([ev('Adopted', { adoptedOn: '2019-05-30' })]);
  });
  it('does not let the committee adopt a resolution', () => {
    given(resolutionAt('submitted'))
      .when({ type: 'Adopt', data: {} }, committee)
      .thenThrows(IllegalTransition);
  });
  it('refuses an adoption date in the future', () => {
    given(decisionSubmitted)
      .when({ type: 'Adopt', data: { adoptedOn: '2019-06-02' } }, committee)
      .thenThrows(GuardViolation);
  });
});

describe('the council’s path', () => {
  it('ApproveForCouncil takes a submitted resolution to committee_approved', () => {
    given(resolutionAt('submitted'))
      .when({ type: 'ApproveForCouncil', data: { sessionDate: '2019-07-10' } }, committee)
      .then([EV.approved]);
  });
  it('ApproveForCouncil does not apply to a decision', () => {
    given(decisionSubmitted)
      .when({ type: 'ApproveForCouncil', data: {} }, committee)
      .thenThrows(IllegalTransition);
  });
  it('SubmitToCouncil is the committee office’s', () => {
    given(resolutionAt('committee_approved'))
      .when({ type: 'SubmitToCouncil', data: {} }, committee)
      .then([EV.toCouncil]);
    given(resolutionAt('committee_approved'))
      .when({ type: 'SubmitToCouncil', data: {} }, council)
      .thenThrows(Forbidden);
  });
  it('RecordVerification, Table', () => {
    given(resolutionAt('under_verification'))
      .when({ type: 'RecordVerification', data: { reportNumber: '12/BC-HĐND' } }, council)
      .then([EV.verification]);
    given(resolutionAt('verified'))
      .when({ type: 'Table', data: { sessionDate: '2019-07-10' } }, council)
      .then([EV.tabled]);
  });
  it('Table needs a verification', () => {
    given(resolutionAt('under_verification'))
      .when({ type: 'Table', data: { sessionDate: '2019-07-10' } }, council)
      .thenThrows(IllegalTransition);
  });
  it('Reject sends a tabled resolution back to revising', () => {
    const state = given(resolutionAt('tabled'))
      .when({ type: 'Reject', data: { reason: 'Không đạt' } }, council)
      .then([ev('Rejected', { reason: 'Không đạt' })]);
    expect(state?.stage).toBe('revising');
  });
});
