// Questions about a clock at a given time. The time is an argument: the domain never reads it.
import { daysBetween } from '#drafting';
import type { Clock, ClockState } from './clock.types.js';
import { parseInstant } from './vietnam.time.js';

/**
 * True when the clock is missed: recorded so, or an open deadline whose due time has passed by
 * the ISO instant `now`. A minimum period is never missed.
 */
export function isMissed(clock: Clock, now: string): boolean {
  if (clock.status === 'missed') return true;
  return (
    clock.status === 'open' && clock.kind === 'deadline' && parseInstant(now) >= parseInstant(clock.dueAt)
  );
}

/**
 * Whole days from the Viet Nam local date `today` to the due date: "due in 3 days" is
 * `{ days: 3, overdue: false }`, "due today" is `{ days: 0, overdue: false }`, "overdue by 2 days"
 * is `{ days: 2, overdue: true }`. A minimum period is never overdue: 0 once it has run.
 */
export function dueIn(clock: Clock, today: string): { days: number; overdue: boolean } {
  const days = daysBetween(today, clock.dueDate);
  if (days >= 0) return { days, overdue: false };
  return clock.kind === 'minimum' ? { days: 0, overdue: false } : { days: -days, overdue: true };
}

/** The clocks of a document still running. */
export const openClocks = (state: ClockState): Clock[] =>
  state === undefined ? [] : state.clocks.filter((c) => c.status === 'open');
