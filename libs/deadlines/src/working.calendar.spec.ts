import type { HolidayYear } from './holidays/holiday.types.js';
import {
  InvalidHolidayData,
  MissingHolidayData,
  VIETNAM_CALENDAR as cal,
  WorkingCalendar,
} from './working.calendar.js';

const year = (y: number, days: string[] = [], workingDays: string[] = []): HolidayYear => ({
  year: y,
  source: 'a spec’s own data, from no text',
  basis: 'derived',
  note: 'spec',
  days: days.map((date) => ({ date, kind: 'holiday', name: 'x' })),
  workingDays: workingDays.map((date) => ({ date, name: 'x' })),
});

describe('WorkingCalendar', () => {
  it('given a weekday, a weekend day and a Tết day, then only the weekday is a working day', () => {
    expect(cal.isWorkingDay('2019-01-31')).toBe(true);
    expect(cal.isWorkingDay('2019-02-02')).toBe(false);
    expect(cal.isWorkingDay('2019-02-06')).toBe(false);
  });

  it('given a Saturday worked to make up a swapped day, then it is a working day', () => {
    expect(cal.isWorkingDay('2019-01-05')).toBe(true);
    expect(cal.isWorkingDay('2019-04-29')).toBe(false);
  });

  it('when adding 10 working days from 31 Jan 2019, then Tết is skipped: 21 Feb', () => {
    expect(cal.addWorkingDays('2019-01-31', 10)).toBe('2019-02-21');
  });

  it('when adding working days across a weekend, then Saturday and Sunday are skipped', () => {
    expect(cal.addWorkingDays('2019-03-08', 1)).toBe('2019-03-11');
    expect(cal.addWorkingDays('2019-03-08', 2)).toBe('2019-03-12');
  });

  it('when going back working days, then weekends and holidays are skipped too', () => {
    expect(cal.addWorkingDays('2019-02-11', -1)).toBe('2019-02-01');
    expect(cal.addWorkingDays('2019-03-11', 0)).toBe('2019-03-11');
  });

  it('when counting working days between two dates, then it is the inverse of adding them', () => {
    expect(cal.workingDaysBetween('2019-01-31', '2019-02-21')).toBe(10);
    expect(cal.workingDaysBetween('2019-02-21', '2019-01-31')).toBe(-10);
    expect(cal.workingDaysBetween('2019-03-11', '2019-03-11')).toBe(0);
    // (from, to]: a Saturday start does not count, the Monday it reaches does.
    expect(cal.workingDaysBetween('2019-02-09', '2019-02-11')).toBe(1);
    expect(cal.workingDaysBetween('2019-02-11', '2019-02-09')).toBe(-1);
  });

  it('when a date is a holiday, then it rolls to the next working day; a working day stays', () => {
    expect(cal.nextWorkingDay('2019-04-26')).toBe('2019-05-02');
    expect(cal.workingDayOnOrAfter('2019-04-29')).toBe('2019-05-02');
    expect(cal.workingDayOnOrAfter('2019-05-02')).toBe('2019-05-02');
    expect(cal.workingDayOnOrBefore('2019-05-01')).toBe('2019-04-26');
  });

  it('given Tết 2025 (27/01 – 31/01, no swap), then 27/01 is off and Saturday 08/02 is not worked', () => {
    expect(cal.isWorkingDay('2025-01-27')).toBe(false);
    expect(cal.isWorkingDay('2025-02-08')).toBe(false);
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(cal.addWorkingDays('2025-02-07', 1)).toBe('2025-02-10');
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-10')).toBe(6);
  });

  it('given New Year 2026, then Friday 02/01 is off and Saturday 10/01 is worked', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(cal.addWorkingDays('2026-01-01', 1)).toBe('2026-01-05');
    expect(cal.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
  });

  it('given Tết 2026 (break 14/02 – 22/02), then the next working day after Friday 13/02 is Monday 23/02', () => {
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('when adding calendar days, then no holiday data is needed', () => {
    expect(cal.addCalendarDays('2030-12-30', 3)).toBe('2031-01-02');
  });

  it('given a year without holiday data, then working-day arithmetic refuses it', () => {
    expect(() => cal.isWorkingDay('2028-01-03')).toThrow(MissingHolidayData);
    expect(() => cal.addWorkingDays('2027-12-30', 5)).toThrow(/no holiday data for 2028/);
    expect(() => cal.isWorkingDay('2015-12-31')).toThrow(MissingHolidayData);
    expect(cal.coveredYears()).toEqual([
      2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027,
    ]);
  });

  it('given a lenient view, then a year without data counts weekends alone and is reported', () => {
    const years: number[] = [];
    const lenient = cal.lenient((y) => years.push(y));
    expect(lenient.addWorkingDays('2027-12-30', 5)).toBe('2028-01-06'); // Fri 31, Mon 3 … Thu 6
    expect(lenient.isWorkingDay('2028-01-01')).toBe(false); // a Saturday
    expect([...new Set(years)]).toEqual([2028]);
    expect(lenient.addWorkingDays('2019-01-31', 10)).toBe('2019-02-21'); // covered years as before
    expect(() => cal.isWorkingDay('2028-01-03')).toThrow(MissingHolidayData); // the base still refuses
    expect(cal.covers(2027)).toBe(true);
    expect(cal.covers(2028)).toBe(false);
  });

  it('given malformed data, then the calendar is not built', () => {
    expect(() => new WorkingCalendar([year(2019, ['2019-01-01', '2019-01-01'])])).toThrow(InvalidHolidayData);
    expect(() => new WorkingCalendar([year(2019, ['2020-01-01'])])).toThrow(/not a date in 2019/);
    expect(() => new WorkingCalendar([year(2019, ['2019-02-30'])])).toThrow(InvalidHolidayData);
    expect(() => new WorkingCalendar([year(2019), year(2019)])).toThrow(/given twice/);
  });
});
