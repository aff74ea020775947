import { Forbidden, GuardViolation, IllegalTransition } from '../domain.errors.js';
import { actor, ctxAt, EV, historyTo } from '../testing/fixtures.js';
import { given } from '../testing/given.js';

const committee = ctxAt(actor('committee_office'), '2019-06-01');
const council = ctxAt(actor('council_office'), '2019-06-01');
const lead = ctxAt(actor('drafting_lead'), '2019-06-01');
const adoptedDecision = historyTo('adopted', 'committee_decision');
const adoptedResolution = historyTo('adopted', 'council_resolution');
const issue = (documentNumber: string, signingDate: string, effectiveDate: string) =>
  ({ type: 'Issue', data: { documentNumber, signingDate, effectiveDate } }) as const;
const issued = (documentNumber: string, signingDate: string, effectiveDate: string) => [
  {
    type: 'Issued' as const,
    data: { documentNumber, signingDate, effectiveDate },
    schemaVersion: 1 as const,
  },
];

describe('Issue (decisions)', () => {
  it('signs and numbers a decision taking effect 10 days after signing', () => {
    given(adoptedDecision)
      .when(issue('08/2019/QĐ-UBND', '2019-05-02', '2019-05-12'), committee)
      .then(issued('08/2019/QĐ-UBND', '2019-05-02', '2019-05-12'));
  });
  it('refuses an effective date 9 days after signing', () => {
    given(adoptedDecision)
      .when(issue('08/2019/QĐ-UBND', '2019-05-02', '2019-05-11'), committee)
      .thenThrows(GuardViolation);
  });
  it('lets a simplified decision take effect on signing, not before', () => {
    const simplified = historyTo('adopted', 'committee_decision', 'simplified');
    given(simplified)
      .when(issue('08/2019/QĐ-UBND', '2019-05-02', '2019-05-02'), committee)
      .then(issued('08/2019/QĐ-UBND', '2019-05-02', '2019-05-02'));
    given(simplified)
      .when(issue('08/2019/QĐ-UBND', '2019-05-02', '2019-05-01'), committee)
      .thenThrows(GuardViolation);
  });
  it('refuses a resolution’s number suffix on a decision', () => {
    given(adoptedDecision)
      .when(issue('08/2019/NQ-HĐND', '2019-05-02', '2019-05-12'), committee)
      .thenThrows(GuardViolation);
  });
  it('refuses a number whose year is not the signing year', () => {
    given(adoptedDecision)
      .when(issue('08/2018/QĐ-UBND', '2019-05-02', '2019-05-12'), committee)
      .thenThrows(GuardViolation);
  });
  it('refuses a malformed number', () => {
    for (const n of ['8/2019/QĐ-UBND', '08/2019/QD-UBND', '08/2019/QĐ-UBND ', 'x'])
      given(adoptedDecision)
        .when(issue(n, '2019-05-02', '2019-05-12'), committee)
        .thenThrows(GuardViolation);
  });
  it('refuses signing before adoption or in the future', () => {
    given(adoptedDecision)
      .when(issue('08/2019/QĐ-UBND', '2019-04-09', '2019-05-12'), committee)
      .thenThrows(GuardViolation);
    given(adoptedDecision)
      .when(issue('08/2019/QĐ-UBND', '2019-06-02', '2019-06-12'), committee)
      .thenThrows(GuardViolation);
  });
  it('does not issue a resolution', () => {
    given(adoptedResolution)
      .when(issue('08/2019/NQ-HĐND', '2019-05-02', '2019-05-12'), committee)
      .thenThrows(IllegalTransition);
  });
});

describe('Certify (resolutions)', () => {
  const certify = {
    type: 'Certify',
    data: { documentNumber: '03/2019/NQ-HĐND', signingDate: '2019-05-02', effectiveDate: '2019-05-12' },
  } as const;
  it('certifies an adopted resolution', () => {
    given(adoptedResolution)
      .when(certify, council)
      .then(issued('03/2019/NQ-HĐND', '2019-05-02', '2019-05-12'));
  });
  it('does not certify a decision', () => {
    given(adoptedDecision).when(certify, council).thenThrows(IllegalTransition);
  });
});

describe('RecordPublication', () => {
  it('records the gazette issue', () => {
    const state = given(historyTo('issued', 'committee_decision'))
      .when({ type: 'RecordPublication', data: { publishedOn: '2019-04-20', gazetteIssue: '15' } }, committee)
      .then([EV.published]);
    expect(state).toMatchObject({ stage: 'published', publishedAt: '2019-04-20', gazetteIssue: '15' });
  });
  it('refuses a publication before signing', () => {
    given(historyTo('issued', 'committee_decision'))
      .when({ type: 'RecordPublication', data: { publishedOn: '2019-04-14' } }, committee)
      .thenThrows(GuardViolation);
  });
});

describe('Withdraw', () => {
  const withdraw = { type: 'Withdraw', data: { reason: 'merged' } } as const;
  it('withdraws an open draft and remembers from where', () => {
    given(historyTo('drafting', 'committee_decision')).when(withdraw, lead).then([EV.withdrawn]);
  });
  it('cannot withdraw an adopted document', () => {
    given(adoptedDecision).when(withdraw, lead).thenThrows(IllegalTransition);
  });
  it('is refused to a lead of another agency', () => {
    given(historyTo('drafting', 'committee_decision'))
      .when(withdraw, ctxAt(actor('drafting_lead', 'sotc'), '2019-06-01'))
      .thenThrows(Forbidden);
  });
  it('nothing moves a withdrawn or published document', () => {
    given(historyTo('withdrawn', 'committee_decision'))
      .when({ type: 'StartDrafting', data: {} }, lead)
      .thenThrows(IllegalTransition);
    given(historyTo('published', 'committee_decision')).when(withdraw, lead).thenThrows(IllegalTransition);
  });
});
