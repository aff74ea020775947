import { event } from '#drafting';
import { dueIn, isMissed, openClocks } from './clock.queries.js';
import { assigned, clockNamed, given, vn } from './testing/clock.given.js';

const programme = given([[assigned({ plannedMonth: '2019-06' }), '2019-01-02']]);
const clock = clockNamed(programme, 'programme_submission');
const consultation = clockNamed(
  given([[assigned(), '2019-01-02']]).when([
    event('ConsultationOpened', { openedAt: '2019-02-01' }),
    '2019-02-01',
  ]),
  'consultation_minimum',
);

describe('clock queries', () => {
  it('given an open deadline, then it is missed from the end of its due date, not before', () => {
    expect(isMissed(clock, vn('2019-06-30T23:59:59'))).toBe(false);
    expect(isMissed(clock, vn('2019-07-01T00:00'))).toBe(true);
  });

  it('given a stopped clock, then it is not missed however late it is', () => {
    expect(isMissed({ ...clock, status: 'met' }, vn('2030-01-01'))).toBe(false);
    expect(isMissed({ ...clock, status: 'missed' }, vn('2019-01-03'))).toBe(true);
  });

  it('given a minimum period that has run, then it is never missed', () => {
    expect(isMissed(consultation, vn('2019-04-01'))).toBe(false);
  });

  it('when asked how far the due date is, then it says due in N days, due today, or overdue by N days', () => {
    expect(dueIn(clock, '2019-06-27')).toEqual({ days: 3, overdue: false });
    expect(dueIn(clock, '2019-06-30')).toEqual({ days: 0, overdue: false });
    expect(dueIn(clock, '2019-07-02')).toEqual({ days: 2, overdue: true });
  });

  it('given a minimum period, then it counts down to the first allowed day and is never overdue', () => {
    expect(dueIn(consultation, '2019-03-01')).toEqual({ days: 2, overdue: false });
    expect(dueIn(consultation, '2019-03-10')).toEqual({ days: 0, overdue: false });
  });

  it('given a document, then its open clocks are the ones still running', () => {
    const appraised = given([
      [assigned({ plannedMonth: '2019-06' }), '2019-01-02'],
      [event('SentForAppraisal', {}), '2019-03-01'],
      [
        event('AppraisalRecorded', { outcome: 'fit', reportNumber: '45/BC-STP', reportDate: '2019-03-08' }),
        '2019-03-08',
      ],
    ]);
    expect(openClocks(appraised.state).map((c) => c.name)).toEqual(['programme_submission']);
    expect(openClocks(undefined)).toEqual([]);
  });
});
