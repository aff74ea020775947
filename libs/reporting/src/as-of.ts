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
