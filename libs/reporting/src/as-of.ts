// "As of 16 August 2019" means the end of that day in Viet Nam (UTC+7, no daylight saving time).

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The last millisecond of a Viet Nam local date, as an ISO instant. */
export function endOfLocalDay(date: string): string {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) - VIETNAM_OFFSET_MS;
  return new Date(utc).toISOString();
}

/** The last day of a month written YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * How a report names its "as of": the date alone when the instant is the end of that Viet Nam
 * day (a date was asked), else the instant in Viet Nam time, `2019-08-16T10:30:00+07:00`.
 */
export function asOfAsAsked(instant: string, localDate: string): string {
  if (endOfLocalDay(localDate) === instant) return localDate;
  const local = new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).toISOString();
  const ms = local.slice(19, 23);
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}+07:00`;
}
