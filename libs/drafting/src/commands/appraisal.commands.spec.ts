import { Forbidden, GuardViolation, IllegalTransition } from '../domain.errors.js';
import { actor, assigned, ctxAt, EV } from '../testing/fixtures.js';
import { given } from '../testing/given.js';

const lead = ctxAt(actor('drafting_lead'), '2019-04-01');
const appraiser = ctxAt(actor('appraiser'), '2019-04-01');
const consulted = [assigned(), EV.started, EV.opened, EV.closed];
const send = { type: 'SendForAppraisal', data: {} } as const;
const submit = { type: 'Submit', data: {} } as const;
const fit = { type: 'RecordAppraisal', data: EV.fit.data } as const;

describe('SendForAppraisal', () => {
  it('sends a consulted draft', () => {
    const state = given(consulted).when(send, lead).then([EV.sent]);
    expect(state).toMatchObject({
      stage: 'in_appraisal',
      everSentForAppraisal: true,
      appraisal: { pending: true },
    });
  });
  it('refuses a standard draft that skipped consultation', () => {
    given([assigned(), EV.started]).when(send, lead).thenThrows(GuardViolation);
  });
  it('refuses a standard draft whose consultation is still open', () => {
    given([assigned(), EV.started, EV.opened]).when(send, lead).thenThrows(IllegalTransition);
  });
  it('lets a simplified draft skip consultation', () => {
    given([assigned('committee_decision', 'simplified'), EV.started])
      .when(send, lead)
      .then([EV.sent]);
  });
  it('is the lead’s, not the drafter’s', () => {
    given(consulted)
      .when(send, ctxAt(actor('drafter'), '2019-04-01'))
      .thenThrows(Forbidden);
  });
});

describe('ReturnDossier', () => {
  it('returns an incomplete dossier for revision', () => {
    const state = given([...consulted, EV.sent])
      .when({ type: 'ReturnDossier', data: { reason: 'Thiếu bản tổng hợp ý kiến' } }, appraiser)
      .then([{ type: 'DossierReturned', data: { reason: 'Thiếu bản tổng hợp ý kiến' }, schemaVersion: 1 }]);
    expect(state).toMatchObject({ stage: 'revising', appraisal: { pending: false, returnedCount: 1 } });
  });
});

describe('RecordAppraisal', () => {
  it('records the report', () => {
    given([...consulted, EV.sent])
      .when(fit, appraiser)
      .then([EV.fit]);
  });
  it('refuses a report dated in the future', () => {
    const tomorrow = { ...fit, data: { ...fit.data, reportDate: '2019-04-02' } };
    given([...consulted, EV.sent])
      .when(tomorrow, appraiser)
      .thenThrows(GuardViolation);
  });
});

describe('Submit', () => {
  it('submits after a fit appraisal', () => {
    given([...consulted, EV.sent, EV.fit])
      .when(submit, lead)
      .then([EV.submitted]);
  });
  const revised = {
    type: 'DraftRevised' as const,
    data: { revision: 1, summary: 'x' },
    schemaVersion: 1 as const,
  };
  describe.each(['2021', '2025'] as const)('in regime %s (a fit verdict is required)', (regime) => {
    const consulted21 = [assigned('committee_decision', 'standard', regime), ...consulted.slice(1)];
    it('refuses after a not_fit appraisal', () => {
      given([...consulted21, EV.sent, EV.notFit])
        .when(submit, lead)
        .thenThrows(GuardViolation);
    });
    it('still refuses after revising a not_fit draft without a new appraisal', () => {
      given([...consulted21, EV.sent, EV.notFit, revised])
        .when(submit, lead)
        .thenThrows(GuardViolation);
    });
    it('refuses a simplified draft after a not_fit appraisal', () => {
      given([assigned('committee_decision', 'simplified', regime), EV.started, EV.sent, EV.notFit])
        .when(submit, lead)
        .thenThrows(GuardViolation);
    });
    it('submits after a re-appraisal found it fit', () => {
      given([...consulted21, EV.sent, EV.notFit, EV.sent, EV.fit])
        .when(submit, lead)
        .then([EV.submitted]);
    });
  });
  it('in regime 2016 a recorded report carries no verdict: a not_fit one lets the draft go on', () => {
    given([...consulted, EV.sent, EV.notFit])
      .when(submit, lead)
      .then([EV.submitted]);
  });
  it('refuses a standard draft that was never appraised', () => {
    given(consulted).when(submit, lead).thenThrows(IllegalTransition);
  });
  it('refuses a simplified draft that was never appraised (appraisal is shortened, never skipped)', () => {
    for (const regime of ['2016', '2021', '2025'] as const) {
      given([assigned('committee_decision', 'simplified', regime), EV.started])
        .when(submit, lead)
        .thenThrows(IllegalTransition);
      given([assigned('committee_decision', 'simplified', regime), EV.started, EV.sent])
        .when(submit, lead)
        .thenThrows(IllegalTransition);
    }
  });
  it('submits a simplified draft with a fit appraisal', () => {
    given([assigned('committee_decision', 'simplified', '2021'), EV.started, EV.sent, EV.fit])
      .when(submit, lead)
      .then([EV.submitted]);
  });
});

// lifecycle.md, "Deadlines (clocks)": the Department of Justice accepts the dossier as complete
// (AcceptDossier) or returns it as incomplete; since 2021 the appraisal counts from acceptance.
describe('AcceptDossier', () => {
  const accept = { type: 'AcceptDossier', data: {} } as const;
  const accepted = { type: 'DossierAccepted' as const, data: {}, schemaVersion: 1 as const };
  it('given a dossier sent for appraisal, when the appraiser accepts it, then it is recorded complete on that date', () => {
    const state = given([...consulted, { ...EV.sent, data: { occurredOn: '2019-03-25' } }])
      .when({ type: 'AcceptDossier', data: { occurredOn: '2019-03-27' } }, appraiser)
      .then([{ ...accepted, data: { occurredOn: '2019-03-27' } }]);
    expect(state).toMatchObject({
      stage: 'in_appraisal',
      appraisal: { pending: true, acceptedOn: '2019-03-27' },
    });
  });
  it('given an accepted dossier, when accepted again, then it is refused', () => {
    given([...consulted, EV.sent, accepted])
      .when(accept, appraiser)
      .thenThrows(GuardViolation);
  });
  it('given an accepted dossier, when the report is recorded, then the draft is appraised', () => {
    given([...consulted, EV.sent, accepted])
      .when(fit, appraiser)
      .then([EV.fit]);
  });
  it('given an acceptance, when the dossier is sent again after a return, then the new dossier is not yet accepted', () => {
    const returned = { type: 'DossierReturned' as const, data: { reason: 'x' }, schemaVersion: 1 as const };
    const state = given([...consulted, EV.sent, accepted, returned, EV.sent])
      .when(accept, appraiser)
      .then([accepted]);
    expect(state).toMatchObject({ appraisal: { sentCount: 2, returnedCount: 1 } });
  });
  it('given an acceptance dated before the dossier was sent, then it is refused', () => {
    given([...consulted, { ...EV.sent, data: { occurredOn: '2019-03-25' } }])
      .when({ type: 'AcceptDossier', data: { occurredOn: '2019-03-24' } }, appraiser)
      .thenThrows(GuardViolation);
  });
  it('is the appraiser’s, and only while the dossier is with it', () => {
    given([...consulted, EV.sent])
      .when(accept, lead)
      .thenThrows(Forbidden);
    given(consulted).when(accept, appraiser).thenThrows(IllegalTransition);
  });
});
