import { DocumentAlreadyExists, Forbidden, GuardViolation } from '../domain.errors.js';
import { actor, AGENCY, ctxAt, DOC, OTHER_AGENCY } from '../testing/fixtures.js';
import { givenFor } from './registers.given.js';
import type { ReviewRecorded } from './registers.events.js';
import type { ReviewCommand } from './registers.schema.js';
import { canSeeReview, decideReview, replayReview } from './review.js';

const given = givenFor({ decide: decideReview, replay: replayReview });
const record: ReviewCommand = {
  type: 'RecordReview',
  data: { reviewedDocument: '15/2012/QĐ-UBND', outcome: 'amend', reviewedOn: '2019-03-04', year: 2019 },
};
const recorded: ReviewRecorded = {
  type: 'ReviewRecorded',
  data: {
    reviewId: DOC,
    agency: AGENCY,
    year: 2019,
    reviewedDocument: '15/2012/QĐ-UBND',
    outcome: 'amend',
    reviewedOn: '2019-03-04',
    occurredOn: '2019-03-04',
  },
  schemaVersion: 1,
};

describe('RecordReview', () => {
  it('records a drafter’s review for the drafter’s agency', () => {
    const state = given([])
      .when(record, ctxAt(actor('drafter'), '2019-03-05'))
      .then([recorded]);
    const { occurredOn: _occurredOn, ...facts } = recorded.data;
    expect(state).toEqual({ id: DOC, ...facts, reviewId: undefined });
  });
  it('keeps a note and lets a drafting lead record', () => {
    const withNote = { ...record, data: { ...record.data, note: 'Đề nghị sửa Điều 5' } };
    given([])
      .when(withNote, ctxAt(actor('drafting_lead', OTHER_AGENCY), '2019-03-05'))
      .then([{ ...recorded, data: { ...recorded.data, agency: OTHER_AGENCY, note: 'Đề nghị sửa Điều 5' } }]);
  });
  it.each(['committee_office', 'inspector', 'appraiser', 'council_office', 'admin'] as const)(
    'refuses the %s',
    (role) => {
      given([])
        .when(record, ctxAt(actor(role), '2019-03-05'))
        .thenThrows(Forbidden);
    },
  );
  it('refuses a review dated after today', () => {
    given([])
      .when(record, ctxAt(actor('drafter'), '2019-03-03'))
      .thenThrows(GuardViolation);
  });
  it('is recorded as of its occurredOn, by default the review’s own date', () => {
    given([])
      .when(
        { ...record, data: { ...record.data, occurredOn: '2019-03-06' } },
        ctxAt(actor('drafter'), '2026-12-02'),
      )
      .then([{ ...recorded, data: { ...recorded.data, occurredOn: '2019-03-06' } }]);
  });

  it('refuses an occurredOn before the review’s date or in the future', () => {
    const before = given([])
      .when(
        { ...record, data: { ...record.data, occurredOn: '2019-03-03' } },
        ctxAt(actor('drafter'), '2026-12-02'),
      )
      .thenThrows(GuardViolation);
    expect((before as GuardViolation).rule).toBe('date_order');
    const future = given([])
      .when(
        { ...record, data: { ...record.data, occurredOn: '2019-03-06' } },
        ctxAt(actor('drafter'), '2019-03-05'),
      )
      .thenThrows(GuardViolation);
    expect((future as GuardViolation).rule).toBe('date_in_future');
  });

  it('refuses a second review on the same stream', () => {
    given([recorded])
      .when(record, ctxAt(actor('drafter'), '2019-03-05'))
      .thenThrows(DocumentAlreadyExists);
  });
});

describe('who sees a review', () => {
  const review = replayReview([recorded])!;
  it.each([
    ['drafter', AGENCY, true],
    ['drafting_lead', AGENCY, true],
    ['drafter', OTHER_AGENCY, false],
    ['committee_office', OTHER_AGENCY, true],
    ['inspector', OTHER_AGENCY, true],
    ['appraiser', AGENCY, false],
    ['admin', AGENCY, false],
  ] as const)('%s of %s: %s', (role, agency, sees) => {
    expect(canSeeReview(review, actor(role, agency))).toBe(sees);
  });
});
