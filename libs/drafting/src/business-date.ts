// lifecycle.md, "Business dates": every command carries the date its step really happened
// (`occurredOn`, default today in Viet Nam). It may not lie in the future, nor before the step
// it follows; a date the body names for the act itself (a report's, a signing's) obeys the same.
import { arrivalDay, type DecisionContext } from './decision-context.js';
import { GuardViolation } from './domain.errors.js';
import type { DraftEvent } from './draft.events.js';
import type { Draft } from './draft.types.js';

/** The business date of a command, checked; the context the command's own rules then run in. */
export function datedContext(
  data: { occurredOn?: string },
  actDate: string | undefined,
  draft: Draft | undefined,
  ctx: DecisionContext,
): DecisionContext {
  const occurredOn = data.occurredOn ?? actDate ?? arrivalDay(ctx);
  const arrival = arrivalDay(ctx);
  if (occurredOn > arrival)
    throw new GuardViolation(
      `occurredOn ${occurredOn} is in the future (today is ${arrival} in Viet Nam)`,
      'date_in_future',
    );
  if (actDate !== undefined && actDate > occurredOn)
    throw new GuardViolation(
      `the act is dated ${actDate}, after the step's occurredOn ${occurredOn}`,
      'date_order',
    );
  const earliest = actDate ?? occurredOn;
  if (draft?.lastOn !== undefined && earliest < draft.lastOn)
    throw new GuardViolation(
      `${earliest} is before ${draft.lastOn}, the date of the step it follows`,
      'date_order',
    );
  return { ...ctx, occurredOn };
}

/** Every event of the command carries its business date. */
export const dated = (events: DraftEvent[], occurredOn: string): DraftEvent[] =>
  events.map((e) => ({ ...e, data: { ...e.data, occurredOn } }) as DraftEvent);
