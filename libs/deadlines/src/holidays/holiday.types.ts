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

/** One day off, a Viet Nam local date written YYYY-MM-DD. */
export interface DayOff {
  readonly date: string;
  readonly kind: DayOffKind;
  /** Vietnamese, NFC. */
  readonly name: string;
}

/** A Saturday or Sunday public servants work, to make up a swapped day off. */
export interface WorkingWeekendDay {
  readonly date: string;
  readonly name: string;
}

/** The days off of one calendar year for public servants. */
export interface HolidayYear {
  readonly year: number;
  /**
   * `decreed`: the days off the Government announced (as recalled from the official notices, see
   * `note`); `derived`: computed from the Labour Code's rules because no decree was at hand.
   */
  readonly source: 'decreed' | 'derived';
  readonly note: string;
  readonly days: readonly DayOff[];
  readonly workingDays: readonly WorkingWeekendDay[];
}
