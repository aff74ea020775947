// Working-day arithmetic over Viet Nam local dates. Working days skip Saturdays, Sundays and the
// public holidays of the data in holidays/, and include the Saturdays worked to make up a swapped
// day off.
import { addDays, daysBetween, isIsoDate } from '#drafting';
import type { HolidayYear } from './holidays/holiday.types.js';
import { VIETNAM_HOLIDAYS } from './holidays/holidays.data.js';
import { weekdayOf } from './vietnam.time.js';

/** Thrown when a date falls in a year the calendar has no holiday data for. */
export class MissingHolidayData extends Error {
  readonly code = 'DEADLINES.MISSING_HOLIDAY_DATA';
  constructor(readonly year: number) {
    super(
      `no holiday data for ${year}: add libs/deadlines/src/holidays/y${year}.data.ts before counting working days in ${year}`,
    );
  }
}

/** Thrown when holiday data is malformed (bad date, wrong year, listed twice). */
export class InvalidHolidayData extends Error {
  readonly code = 'DEADLINES.INVALID_HOLIDAY_DATA';
}

/** Working-day arithmetic over 'YYYY-MM-DD' Viet Nam local dates. Pure; built from holiday data. */
export class WorkingCalendar {
  private readonly daysOff: Set<string>;
  private readonly workedWeekendDays: Set<string>;
  private readonly years: Set<number>;
  /** Set on a lenient view: hears of each year without data a date fell in. */
  private readonly onMissing: ((year: number) => void) | undefined;

  constructor(data: readonly HolidayYear[] | WorkingCalendar, onMissing?: (year: number) => void) {
    this.onMissing = onMissing;
    if (data instanceof WorkingCalendar) {
      // A view of the same data: nothing is copied or checked again.
      this.daysOff = data.daysOff;
      this.workedWeekendDays = data.workedWeekendDays;
      this.years = data.years;
      return;
    }
    this.daysOff = new Set();
    this.workedWeekendDays = new Set();
    this.years = new Set();
    for (const y of data) {
      if (this.years.has(y.year)) throw new InvalidHolidayData(`holiday year ${y.year} given twice`);
      this.years.add(y.year);
      for (const d of y.days) this.add(this.daysOff, d.date, y.year);
      for (const d of y.workingDays) this.add(this.workedWeekendDays, d.date, y.year);
    }
  }

  private add(set: Set<string>, date: string, year: number): void {
    if (!isIsoDate(date) || Number(date.slice(0, 4)) !== year)
      throw new InvalidHolidayData(`${date} is not a date in ${year}`);
    if (set.has(date)) throw new InvalidHolidayData(`${date} listed twice`);
    set.add(date);
  }

  /** The years this calendar has holiday data for, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** True when the calendar has holiday data for `year`. */
  covers(year: number): boolean {
    return this.years.has(year);
  }

  /**
   * This calendar, counting a year without holiday data on weekends alone (every weekday a
   * working day) instead of refusing it; `onMissing` hears of each such year a date fell in, so
   * the caller can flag what it computed as provisional.
   */
  lenient(onMissing: (year: number) => void): WorkingCalendar {
    return new WorkingCalendar(this, onMissing);
  }

  /**
   * True for a weekday that is not a day off, or a weekend day worked to make up a swap. In a
   * year without data: MissingHolidayData, or on a lenient view, any weekday.
   */
  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
    if (!this.years.has(year)) {
      if (this.onMissing === undefined) throw new MissingHolidayData(year);
      this.onMissing(year);
    }
    if (this.workedWeekendDays.has(date)) return true;
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6 && !this.daysOff.has(date);
  }

  /** `date` moved by `n` calendar days (negative moves back). Needs no holiday data. */
  addCalendarDays(date: string, n: number): string {
    return addDays(date, n);
  }

  /**
   * The date `n` working days after `date` (before it when `n` is negative); `date` itself is not
   * counted, as a period in days starts the day after its event (Civil Code 2015 art. 147).
   * `n = 0` returns `date`.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    const step = n < 0 ? -1 : 1;
    let day = date;
    for (let left = Math.abs(n); left > 0;) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** The first working day strictly before `date`. */
  previousWorkingDay(date: string): string {
    return this.addWorkingDays(date, -1);
  }

  /** `date` if it is a working day, else the next working day: how a due date rolls forward. */
  workingDayOnOrAfter(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** `date` if it is a working day, else the previous working day. */
  workingDayOnOrBefore(date: string): string {
    return this.isWorkingDay(date) ? date : this.previousWorkingDay(date);
  }

  /**
   * Working days in (from, to], so `workingDaysBetween(d, addWorkingDays(d, n)) === n` for n >= 0;
   * negative, `-workingDaysBetween(to, from)`, when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    const span = daysBetween(from, to);
    if (span < 0) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let i = 1; i <= span; i += 1) if (this.isWorkingDay(addDays(from, i))) count += 1;
    return count;
  }
}

/** The working calendar of Viet Nam's public servants, 2016–2027. */
export const VIETNAM_CALENDAR = new WorkingCalendar(VIETNAM_HOLIDAYS);
