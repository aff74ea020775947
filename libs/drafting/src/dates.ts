// Calendar arithmetic on YYYY-MM-DD strings. The domain never reads the clock: "today" is
// derived from the instant a command arrives with.

const DAY_MS = 86_400_000;
/** Viet Nam has no daylight saving time: local time is always UTC+7. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an existing calendar date written YYYY-MM-DD. */
export const isIsoDate = (s: string): boolean => {
  const m = DATE_SHAPE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
};

/** True for YYYY-MM with a month 01..12. */
export const isIsoMonth = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

const toEpochDay = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

export const addDays = (date: string, days: number): string =>
  new Date((toEpochDay(date) + days) * DAY_MS).toISOString().slice(0, 10);

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

/** The Viet Nam local date of an ISO instant. */
export const localDate = (isoInstant: string): string => {
  const t = Date.parse(isoInstant);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO instant: ${isoInstant}`);
  return new Date(t + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
};

export const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * The business instant of a step dated `occurredOn`: the instant it arrived when that is the same
 * Viet Nam day, else noon in Viet Nam on that day (a past step's hour is not known). Reports,
 * `asOf` and clocks read it as the event's metadata.occurredAt.
 */
export const businessInstant = (occurredOn: string | undefined, arrivedAt: string): string =>
  occurredOn === undefined || occurredOn === localDate(arrivedAt)
    ? arrivedAt
    : new Date(Date.parse(`${occurredOn}T12:00:00Z`) - VIETNAM_OFFSET_MS).toISOString();
