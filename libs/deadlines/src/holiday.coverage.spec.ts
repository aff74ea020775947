import { holidayDataCoverage } from './holiday.coverage.js';
import { WorkingCalendar } from './working.calendar.js';
import { VIETNAM_HOLIDAYS } from './holidays/holidays.data.js';

describe('holidayDataCoverage', () => {
  it('given data through 2027, on 1 Dec 2026, then it is ok with 395 days left', () => {
    expect(holidayDataCoverage('2026-12-01T05:00:00Z')).toMatchObject({
      today: '2026-12-01',
      coveredThrough: 2027,
      daysLeft: 395,
      status: 'ok',
    });
  });

  it('given data through 2027, from six months before its end, then it warns and names the file', () => {
    const coverage = holidayDataCoverage(new Date('2027-07-15T05:00:00Z'));
    expect(coverage).toMatchObject({ coveredThrough: 2027, daysLeft: 169, status: 'warn' });
    expect(coverage.message).toContain('libs/deadlines/src/holidays/y2028.data.ts');
  });

  it('given a year without data, then it is missing; Viet Nam local date decides the year', () => {
    expect(holidayDataCoverage('2027-12-31T17:30:00Z')).toMatchObject({
      today: '2028-01-01',
      coveredThrough: null,
      daysLeft: 0,
      status: 'missing',
    });
  });

  it('given a gap, then coverage ends before it', () => {
    const calendar = new WorkingCalendar(VIETNAM_HOLIDAYS.filter((y) => y.year !== 2027));
    expect(holidayDataCoverage('2026-03-01T05:00:00Z', calendar, 30)).toMatchObject({
      coveredThrough: 2026,
      status: 'ok',
    });
  });
});
