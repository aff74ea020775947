// The business date of a register command, checked as the drafting commands' are
// (business-date.ts): never in the future, never before the entry's previous step, and never
// before the date the body names for the act itself (a review's reviewedOn).
import { datedContext } from '../business-date.js';
import { today, type DecisionContext } from '../decision-context.js';
import type { Draft } from '../draft.types.js';

/** The command's business date: its occurredOn, else the act's own date, else today in Viet Nam. */
export function registerDay(
  occurredOn: string | undefined,
  actDate: string | undefined,
  lastOn: string | undefined,
  ctx: DecisionContext,
): string {
  // datedContext reads only the previous step's date of what it is given.
  const previous = lastOn === undefined ? undefined : ({ lastOn } as Pick<Draft, 'lastOn'> as Draft);
  return today(datedContext({ occurredOn }, actDate, previous, ctx));
}
