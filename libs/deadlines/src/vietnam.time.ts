// Instants and Viet Nam local dates. Viet Nam keeps UTC+7 all year (no daylight saving), so a
// local midnight is always 17:00 UTC the day before. Instants are written as UTC ISO strings.
import { addDays } from '#drafting';

const OFFSET = '+07:00';

/** The instant a Viet Nam local date begins (00:00 +07:00), as a UTC ISO string. */
export const startOfLocalDay = (date: string): string => instantOf(`${date}T00:00:00${OFFSET}`);

/** The instant a Viet Nam local date ends, which is the start of the next day. */
export const endOfLocalDay = (date: string): string => startOfLocalDay(addDays(date, 1));

/** The instant of a Viet Nam local date at a whole local hour (0..23). */
export const atLocalHour = (date: string, hour: number): string =>
  addSeconds(startOfLocalDay(date), hour * 3600);

/** An instant moved by whole seconds (negative moves back). */
export const addSeconds = (instant: string, seconds: number): string =>
  new Date(parseInstant(instant) + seconds * 1000).toISOString();

/** Milliseconds since the epoch of an ISO instant; throws on anything else. */
export function parseInstant(instant: string): number {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO instant: ${instant}`);
  return t;
}

/** Normalises an ISO instant with any offset to its UTC ISO string. */
export const instantOf = (iso: string): string => new Date(parseInstant(iso)).toISOString();

/** The last day of a month given as YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
