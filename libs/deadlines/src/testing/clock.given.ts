// given(steps).when(step) for the clock specs, after STYLE.md §5. A step is an event and the Viet
// Nam local time it occurred; revisions are numbered by position, as in a stream.
import { type DraftEvent, event } from '#drafting';
import { evolveClocks, type ClockEvolution, type ClockInput } from '../clock.evolve.js';
import type { ClockState } from '../clock.types.js';
import { STATUTORY_RULES } from '../clock.rules.js';
import type { DeadlineEvent } from '../deadline.events.js';
import type { RuleBook } from '../rule.types.js';
import { VIETNAM_CALENDAR, type WorkingCalendar } from '../working.calendar.js';

export const DOC = 'doc-1';

/** A step: the event and when it occurred, 'YYYY-MM-DD' (10:00 local) or 'YYYY-MM-DDTHH:MM'. */
export type Step = readonly [DraftEvent | DeadlineEvent, string];

/** The UTC ISO instant of a Viet Nam local 'YYYY-MM-DD' (10:00) or 'YYYY-MM-DDTHH:MM[:SS]'. */
export function vn(local: string): string {
  const time = local.length === 10 ? `${local}T10:00` : local;
  return new Date(`${time}${time.length === 16 ? ':00' : ''}+07:00`).toISOString();
}

const input = ([e, local]: Step, revision: number): ClockInput =>
  ({ type: e.type, data: e.data, occurredAt: vn(local), documentId: DOC, revision }) as ClockInput;

/** A programme decision assigned in 2019, with optional planned month and meeting date. */
export const assigned = (extra: { plannedMonth?: string; meetingDate?: string; simplified?: boolean } = {}) =>
  event('DraftAssigned', {
    documentId: DOC,
    kind: 'committee_decision',
    title: 'Quy định quản lý nhiệm vụ khoa học và công nghệ',
    agency: 'sokhcn',
    procedure: extra.simplified ? 'simplified' : 'standard',
    origin: extra.plannedMonth ? 'programme' : 'additional',
    year: 2019,
    plannedMonth: extra.plannedMonth,
    meetingDate: extra.meetingDate,
  });

export function given(
  steps: readonly Step[],
  book: RuleBook = STATUTORY_RULES,
  calendar: WorkingCalendar = VIETNAM_CALENDAR,
) {
  let state: ClockState = undefined;
  steps.forEach((step, i) => (state = evolveClocks(state, input(step, i), book, calendar).state));
  return {
    state,
    /** Applies one more step (or a raw input, to test redelivery) and returns the evolution. */
    when(step: Step | ClockInput): ClockEvolution {
      const next = Array.isArray(step) ? input(step as Step, steps.length) : (step as ClockInput);
      return evolveClocks(state, next, book, calendar);
    },
  };
}

/** The one clock of a name in an evolution's state. */
export function clockNamed(evolution: ClockEvolution | { state: ClockState }, name: string) {
  const found = evolution.state?.clocks.filter((c) => c.name === name) ?? [];
  if (found.length === 0) throw new Error(`no ${name} clock`);
  return found[found.length - 1];
}
