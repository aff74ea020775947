// Which rule book the deadlines projection folds with. The projection is a plain object in the
// list of live projections, so the book configuration selects is set here at start (by the
// hosting module) rather than passed in; until then the statutory book applies.
import { STATUTORY_RULES, TEST_RULES } from '../clock.rules.js';
import type { ClockRule, ClockRuleSet, Duration, DueRule, RuleBook } from '../rule.types.js';

let active: RuleBook = STATUTORY_RULES;

/** The book the deadlines projection uses from now on in this process. */
export function useRuleBook(book: RuleBook): void {
  active = book;
}

export const activeRuleBook = (): RuleBook => active;

const scaled = (d: Duration, k: number): Duration =>
  d.unit === 'seconds' ? { ...d, amount: d.amount * k } : d;

const scaleDue = (due: DueRule, k: number): DueRule =>
  due.kind === 'end_of_month' ? due : { ...due, duration: scaled(due.duration, k) };

function scaleRule(rule: ClockRule, k: number): ClockRule {
  return {
    ...rule,
    due: scaleDue(rule.due, k),
    ...(rule.dueIfSimplified && { dueIfSimplified: scaleDue(rule.dueIfSimplified, k) }),
    reminders: rule.reminders.map((r) => ({ ...r, before: scaled(r.before, k) })),
  };
}

function scaleSet(set: ClockRuleSet, k: number): ClockRuleSet {
  const clocks = Object.fromEntries(
    Object.entries(set.clocks).map(([name, rule]) => [name, scaleRule(rule, k)]),
  ) as unknown as ClockRuleSet['clocks'];
  return { ...set, clocks };
}

/**
 * The book `DEADLINE_RULES` names. `scale` multiplies the test book's seconds (0.1 turns its
 * 20-second appraisal clock into 2 seconds), so end-to-end tests wait as little as they can.
 */
export function ruleBookFor(name: 'statutory' | 'test', scale = 1): RuleBook {
  if (name === 'statutory') return STATUTORY_RULES;
  if (scale === 1) return TEST_RULES;
  const regimes = Object.fromEntries(
    Object.entries(TEST_RULES.regimes).map(([regime, set]) => [regime, scaleSet(set, scale)]),
  ) as unknown as RuleBook['regimes'];
  return { name: 'test', regimes };
}
