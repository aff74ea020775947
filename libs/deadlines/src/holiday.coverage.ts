// How far ahead the working calendar's holiday data reaches, for the health check, a metric and a
// start-up warning. A clock that reaches past it is counted on weekends alone and flagged
// provisional (clock.schedule.ts); this says so months before that happens.
import { daysBetween, localDate } from '#drafting';
import { VIETNAM_CALENDAR, type WorkingCalendar } from './working.calendar.js';

/** Warn this many days before the holiday data runs out (about six months). */
export const HOLIDAY_WARN_DAYS = 183;

export interface HolidayCoverage {
  /** The Viet Nam local date of `now`. */
  readonly today: string;
  /** The years with holiday data, ascending. */
  readonly years: readonly number[];
  /** The last year of the unbroken run of covered years from this one; null if this year has none. */
  readonly coveredThrough: number | null;
  /** Days from today to the last day covered (0 when this year has no data). */
  readonly daysLeft: number;
  /** `warn` when the data runs out within the warning period; `missing` when this year has none. */
  readonly status: 'ok' | 'warn' | 'missing';
  /** A sentence for the log and the health answer, naming the file to add. */
  readonly message: string;
}

/**
 * The holiday data's reach as of the instant `now`. Pure: the caller passes the time (the health
 * check its clock, the metric the scrape's).
 */
export function holidayDataCoverage(
  now: Date | string,
  calendar: WorkingCalendar = VIETNAM_CALENDAR,
  warnDays = HOLIDAY_WARN_DAYS,
): HolidayCoverage {
  const today = localDate(typeof now === 'string' ? now : now.toISOString());
  const years = calendar.coveredYears();
  const year = Number(today.slice(0, 4));
  let through = calendar.covers(year) ? year : null;
  while (through !== null && calendar.covers(through + 1)) through += 1;
  const next = (through ?? year - 1) + 1;
  const file = `libs/deadlines/src/holidays/y${next}.data.ts`;
  if (through === null) {
    const message = `no holiday data for ${year}: add ${file}; until then working days in ${year} are counted on weekends alone and those clocks flagged provisional`;
    return { today, years, coveredThrough: null, daysLeft: 0, status: 'missing', message };
  }
  const daysLeft = daysBetween(today, `${through}-12-31`);
  const status = daysLeft < warnDays ? 'warn' : 'ok';
  const message =
    status === 'ok'
      ? `holiday data covers working days through ${through}-12-31 (${daysLeft} days)`
      : `holiday data ends ${through}-12-31 (${daysLeft} days): add ${file}; clocks reaching ${next} are counted on weekends alone and flagged provisional until it is there`;
  return { today, years, coveredThrough: through, daysLeft, status, message };
}
