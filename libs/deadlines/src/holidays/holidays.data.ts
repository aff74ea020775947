// Every year of holiday data the calendar knows. A year missing here is never taken for a year
// without holidays: the strict calendar refuses it, and the clocks count it on weekends alone,
// flag what they computed provisional and compute it again when the year's file arrives.
import type { HolidayBasis, HolidayYear } from './holiday.types.js';
import { Y2016 } from './y2016.data.js';
import { Y2017 } from './y2017.data.js';
import { Y2018 } from './y2018.data.js';
import { Y2019 } from './y2019.data.js';
import { Y2020 } from './y2020.data.js';
import { Y2021 } from './y2021.data.js';
import { Y2022 } from './y2022.data.js';
import { Y2023 } from './y2023.data.js';
import { Y2024 } from './y2024.data.js';
import { Y2025 } from './y2025.data.js';
import { Y2026 } from './y2026.data.js';
import { Y2027 } from './y2027.data.js';

/** Viet Nam's public holidays for public servants, 2016–2027. */
export const VIETNAM_HOLIDAYS: readonly HolidayYear[] = [
  Y2016,
  Y2017,
  Y2018,
  Y2019,
  Y2020,
  Y2021,
  Y2022,
  Y2023,
  Y2024,
  Y2025,
  Y2026,
  Y2027,
];

/** How firm a listed day off or make-up working day of `year` is; undefined when it is not listed. */
export function dayBasis(year: HolidayYear, date: string): HolidayBasis | undefined {
  const listed = year.days.find((d) => d.date === date) ?? year.workingDays.find((d) => d.date === date);
  return listed && (listed.basis ?? year.basis ?? 'derived');
}
