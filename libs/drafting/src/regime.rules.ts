// Rule parameters by legal regime (lifecycle.md: "every number here is a rule parameter").
// A rule set is chosen by the date its clock starts.

export type Regime = '2016' | '2021' | '2025';

/** Every regime, oldest first. */
export const REGIMES: readonly [Regime, ...Regime[]] = ['2016', '2021', '2025'];

export interface RuleSet {
  /** Calendar days a draft must stay posted before consultation may close (Art 120, 129). */
  consultationMinimumDays: number;
  /** Calendar days between signing and entry into force, standard procedure (Art 151). */
  effectiveAfterSigningDays: number;
  /** A Chair's decision: calendar days posted for comments at least (Decree 187/2025 Art 51a). */
  chairPostingMinimumDays: number;
  /** A Chair's decision: calendar days the consulted departments have to answer (Art 51a). */
  departmentAnswerDays: number;
  /** The same, simplified procedure (Art 51a). */
  departmentAnswerDaysSimplified: number;
}

/** The first day a decision of the Chair of the People's Committee may be assigned (Law 87/2025). */
export const CHAIR_DECISIONS_FROM = '2025-07-01';

// Only regime 2025 knows the Chair's decisions; the numbers sit in every set so that rules stay data.
const CHAIR = { chairPostingMinimumDays: 10, departmentAnswerDays: 7, departmentAnswerDaysSimplified: 3 };

export const RULES: Readonly<Record<Regime, RuleSet>> = {
  '2016': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10, ...CHAIR },
  '2021': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10, ...CHAIR },
  // Law 64/2025 Art 53 keeps 10 days; the 30-day posting default is kept (unverified for 2025).
  '2025': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10, ...CHAIR },
};

/** The regime in force on a date (YYYY-MM-DD or an ISO instant). Earlier dates use `2016`. */
export function regimeAt(isoDate: string): Regime {
  const day = isoDate.slice(0, 10);
  if (day >= '2025-04-01') return '2025';
  if (day >= '2021-01-01') return '2021';
  return '2016';
}

export const rulesAt = (isoDate: string): RuleSet => RULES[regimeAt(isoDate)];
