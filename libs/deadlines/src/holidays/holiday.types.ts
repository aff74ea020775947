// The shape of one year of Viet Nam's public holidays. Tết and Hùng Kings' day follow the lunar
// calendar and the Government decides each year which days public servants take off (and which
// Saturdays they work to make up a swapped day), so a year is data, never a formula.

/**
 * Why a date is a day off: `holiday` is a statutory holiday itself (listed even when it falls on a
 * weekend, so the data says when the holiday was); `compensatory` makes up for a holiday that fell
 * on a weekend (nghỉ bù); `swapped` is a working day given off in exchange for a Saturday listed in
 * `workingDays` (hoán đổi ngày làm việc).
 */
export type DayOffKind = 'holiday' | 'compensatory' | 'swapped';

/**
 * How firm a listed day is: `decreed` by the Government's decision as the ministry's notice gave
 * it; `announced` in a weaker text (a Government Office letter or note); `derived` from the Labour
 * Code's rules because no text had fixed the day when the data was written.
 */
export type HolidayBasis = 'decreed' | 'announced' | 'derived';

/** One day off, a Viet Nam local date written YYYY-MM-DD. */
export interface DayOff {
  readonly date: string;
  readonly kind: DayOffKind;
  /** Vietnamese, NFC. */
  readonly name: string;
  /** This day's own basis, where it differs from its year's. */
  readonly basis?: HolidayBasis;
}

/** A Saturday or Sunday public servants work, to make up a swapped day off. */
export interface WorkingWeekendDay {
  readonly date: string;
  readonly name: string;
  /** This day's own basis, where it differs from its year's. */
  readonly basis?: HolidayBasis;
}

/** The days off of one calendar year for public servants. */
export interface HolidayYear {
  readonly year: number;
  /**
   * The texts the days follow (issuer, number, date: the ministry's notice of the Prime Minister's
   * decision, a Government Office letter), or the rules they were derived from; a reader checks the
   * data against it, and a number not confirmed says so.
   */
  readonly source: string;
  /** The basis of every day that does not give its own; `derived` when omitted. */
  readonly basis?: HolidayBasis;
  /** How the days were read from the source: the break, the swaps, what was left out. */
  readonly note: string;
  readonly days: readonly DayOff[];
  readonly workingDays: readonly WorkingWeekendDay[];
}
