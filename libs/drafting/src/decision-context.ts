import { localDate } from './dates.js';
import { GuardViolation } from './domain.errors.js';
import type { Actor } from './roles.js';

/** What a decision needs besides the command and the state: the stream, who, and when. */
export interface DecisionContext {
  documentId: string;
  actor: Actor;
  /** ISO instant the command arrived. */
  now: string;
}

/** The Viet Nam local date of the command. */
export const today = (ctx: DecisionContext): string => localDate(ctx.now);

/** A date recording something that happened may not lie after today. */
export function notInFuture(date: string, ctx: DecisionContext, what: string): void {
  if (date > today(ctx)) throw new GuardViolation(`${what} ${date} is in the future`, 'date_in_future');
}
