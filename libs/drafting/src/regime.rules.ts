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
}

export const RULES: Readonly<Record<Regime, RuleSet>> = {
  '2016': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10 },
  '2021': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10 },
  // Law 64/2025 Art 53 keeps 10 days; the 30-day posting default is kept (unverified for 2025).
  '2025': { consultationMinimumDays: 30, effectiveAfterSigningDays: 10 },
};

/** The regime in force on a date (YYYY-MM-DD or an ISO instant). Earlier dates use `2016`. */
export function regimeAt(isoDate: string): Regime {
  const day = isoDate.slice(0, 10);
  if (day >= '2025-04-01') return '2025';
  if (day >= '2021-01-01') return '2021';
  return '2016';
}

export const rulesAt = (isoDate: string): RuleSet => RULES[regimeAt(isoDate)];
