import { localDate } from './dates.js';
import { GuardViolation } from './domain.errors.js';
import type { Actor } from './roles.js';

/** What a decision needs besides the command and the state: the stream, who, and when. */
export interface DecisionContext {
  documentId: string;
  actor: Actor;
  /** ISO instant the command arrived (the store's side of time). */
  now: string;
  /**
   * The business date of the step (lifecycle.md, "Business dates"): the command's `occurredOn`,
   * set by decide before a command's own rules run. Absent: the Viet Nam date of `now`.
   */
  occurredOn?: string;
}

/** The business date of the command: the day the step really happened (default: today in Viet Nam). */
export const today = (ctx: DecisionContext): string => ctx.occurredOn ?? localDate(ctx.now);

/** The Viet Nam date on which the command arrives: no business date may lie after it. */
export const arrivalDay = (ctx: DecisionContext): string => localDate(ctx.now);

/** A date recording something that happened may not lie after the day the command arrives. */
export function notInFuture(date: string, ctx: DecisionContext, what: string): void {
  if (date > arrivalDay(ctx)) throw new GuardViolation(`${what} ${date} is in the future`, 'date_in_future');
}

/** A date of a meeting or session named in a command: still to come on the command's business date. */
export function stillToCome(date: string, ctx: DecisionContext, what: string): void {
  if (date < today(ctx))
    throw new GuardViolation(
      `${what} ${date} has already passed on ${today(ctx)}, the date of this step`,
      'session_in_past',
    );
}
