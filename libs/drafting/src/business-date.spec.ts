// lifecycle.md, "Business dates": every command carries the date its step happened; dates are
// never in the future, never before the step they follow; sessions and meetings are still to
// come, and a postponement moves to a later one. Each refusal appends nothing (decide throws).
import { GuardViolation } from './domain.errors.js';
import type { DraftEvent } from './draft.events.js';
import { actor, assigned, ctxAt, EV } from './testing/fixtures.js';
import { given } from './testing/given.js';

const on = <E extends DraftEvent>(occurredOn: string, e: E): E => ({ ...e, data: { ...e.data, occurredOn } });
const lead = (day: string) => ctxAt(actor('drafting_lead'), day);
const drafter = (day: string) => ctxAt(actor('drafter'), day);
const office = (day: string) => ctxAt(actor('committee_office'), day);
const council = (day: string) => ctxAt(actor('council_office'), day);
const appraiser = (day: string) => ctxAt(actor('appraiser'), day);

const assignedOn = on('2019-03-01', assigned());
const startedOn = on('2019-03-04', EV.started);
const consulted = [
  assignedOn,
  startedOn,
  on('2019-03-05', { ...EV.opened, data: { openedAt: '2019-03-05' } }),
  on('2019-04-08', { ...EV.closed, data: { closedAt: '2019-04-08' } }),
];
const sentOn = on('2019-04-10', EV.sent);
const fitOn = on('2019-04-20', { ...EV.fit, data: { ...EV.fit.data, reportDate: '2019-04-20' } });
const submittedOn = on('2019-05-02', EV.submitted);
const submitted = [...consulted, sentOn, fitOn, submittedOn];

describe('business dates', () => {
  it('stamps every event with the business date, today in Viet Nam by default', () => {
    given([assignedOn])
      .when({ type: 'StartDrafting', data: {} }, drafter('2019-03-04'))
      .then([on('2019-03-04', EV.started)]);
  });
  it('records a step of an earlier day', () => {
    given([assignedOn])
      .when({ type: 'StartDrafting', data: { occurredOn: '2019-03-02' } }, drafter('2019-03-20'))
      .then([on('2019-03-02', EV.started)]);
  });
  it('dates a step by the date its body names for the act (a report’s date)', () => {
    given([...consulted, sentOn])
      .when({ type: 'RecordAppraisal', data: fitOn.data }, appraiser('2019-04-25'))
      .then([fitOn]);
  });
  it('refuses a business date in the future', () => {
    given([assignedOn])
      .when({ type: 'StartDrafting', data: { occurredOn: '2019-03-05' } }, drafter('2019-03-04'))
      .thenThrows(GuardViolation);
  });
  it('refuses an act dated after the step’s own occurredOn', () => {
    const data = { ...fitOn.data, occurredOn: '2019-04-19' };
    given([...consulted, sentOn])
      .when({ type: 'RecordAppraisal', data }, appraiser('2019-04-25'))
      .thenThrows(GuardViolation);
  });
  it('refuses a consultation posted 2019-01-15 on a draft assigned 2019-03-01', () => {
    const e = given([assignedOn, startedOn])
      .when({ type: 'OpenConsultation', data: { postedAt: '2019-01-15' } }, drafter('2019-03-10'))
      .thenThrows(GuardViolation);
    expect(e.message).toContain('2019-03-04');
  });
  it('refuses an appraisal report dated before the dossier was sent', () => {
    const data = { ...fitOn.data, reportDate: '2019-04-09' };
    given([...consulted, sentOn])
      .when({ type: 'RecordAppraisal', data }, appraiser('2019-04-25'))
      .thenThrows(GuardViolation);
  });
  it('refuses sending for appraisal before consultation closed', () => {
    given(consulted)
      .when({ type: 'SendForAppraisal', data: { occurredOn: '2019-04-07' } }, lead('2019-04-10'))
      .thenThrows(GuardViolation);
  });
  it('refuses submission dated before the appraisal report', () => {
    given([...consulted, sentOn, fitOn])
      .when({ type: 'Submit', data: { occurredOn: '2019-04-19' } }, lead('2019-05-02'))
      .thenThrows(GuardViolation);
  });
  it('refuses adoption before submission', () => {
    given(submitted)
      .when({ type: 'Adopt', data: { adoptedOn: '2019-05-01' } }, office('2019-05-10'))
      .thenThrows(GuardViolation);
  });
  it('refuses signing before submission (and before adoption)', () => {
    const adopted = on('2019-05-10', { ...EV.adopted, data: { adoptedOn: '2019-05-10' } });
    const data = {
      documentNumber: '05/2019/QĐ-UBND',
      signingDate: '2019-05-01',
      effectiveDate: '2019-05-20',
    };
    given([...submitted, adopted])
      .when({ type: 'Issue', data }, office('2019-05-12'))
      .thenThrows(GuardViolation);
  });
  it('refuses a publication dated before the signing', () => {
    const adopted = on('2019-05-10', { ...EV.adopted, data: { adoptedOn: '2019-05-10' } });
    const issued = on('2019-05-12', {
      ...EV.issuedDecision,
      data: { documentNumber: '05/2019/QĐ-UBND', signingDate: '2019-05-12', effectiveDate: '2019-05-22' },
    });
    given([...submitted, adopted, issued])
      .when({ type: 'RecordPublication', data: { publishedOn: '2019-05-11' } }, office('2019-05-20'))
      .thenThrows(GuardViolation);
  });
  it('refuses a UBND meeting already past at the step’s date', () => {
    given(consulted)
      .when({ type: 'SendForAppraisal', data: { meetingDate: '2019-04-01' } }, lead('2019-04-10'))
      .thenThrows(GuardViolation);
  });

  describe('sessions of the council', () => {
    const resolution = [on('2019-03-01', assigned('council_resolution')), ...submitted.slice(1)];
    const approved = on('2019-05-03', { ...EV.approved, data: { sessionDate: '2019-07-10' } });
    const toCouncil = on('2019-05-04', EV.toCouncil);
    const verified = on('2019-05-20', EV.verification);
    const tabled = on('2019-05-25', { ...EV.tabled, data: { sessionDate: '2019-07-10' } });
    it('refuses approving for a session already past', () => {
      given(resolution)
        .when({ type: 'ApproveForCouncil', data: { sessionDate: '2019-05-01' } }, office('2019-05-03'))
        .thenThrows(GuardViolation);
    });
    it('refuses tabling for a council session in the past', () => {
      given([...resolution, approved, toCouncil, verified])
        .when({ type: 'Table', data: { sessionDate: '2019-05-15' } }, council('2019-05-25'))
        .thenThrows(GuardViolation);
    });
    it('tables for a session still to come', () => {
      given([...resolution, approved, toCouncil, verified])
        .when({ type: 'Table', data: { sessionDate: '2019-07-10' } }, council('2019-05-25'))
        .then([tabled]);
    });
    it('refuses a postponement to an earlier session', () => {
      given([...resolution, approved, toCouncil, verified, tabled])
        .when({ type: 'Postpone', data: { sessionDate: '2019-07-01' } }, council('2019-06-01'))
        .thenThrows(GuardViolation);
    });
    it('refuses a postponement to the same session', () => {
      given([...resolution, approved, toCouncil, verified, tabled])
        .when({ type: 'Postpone', data: { sessionDate: '2019-07-10' } }, council('2019-06-01'))
        .thenThrows(GuardViolation);
    });
    it('postpones to a later session', () => {
      given([...resolution, approved, toCouncil, verified, tabled])
        .when({ type: 'Postpone', data: { sessionDate: '2019-12-05' } }, council('2019-06-01'))
        .then([
          on('2019-06-01', { type: 'Postponed', data: { sessionDate: '2019-12-05' }, schemaVersion: 1 }),
        ]);
    });
  });

  it('refuses moving a UBND meeting to an earlier date', () => {
    const withMeeting = [
      ...consulted,
      on('2019-04-10', { ...EV.sent, data: { meetingDate: '2019-05-20' } }),
      fitOn,
      submittedOn,
    ];
    given(withMeeting)
      .when({ type: 'Postpone', data: { meetingDate: '2019-05-15' } }, office('2019-05-05'))
      .thenThrows(GuardViolation);
  });
});
