// given(events).when(command, ctx).then(events) / .thenThrows(ErrorClass), after STYLE.md §5.
import { DRAFT_COMMANDS, type DraftCommand } from '../commands/index.js';
import { localDate } from '../dates.js';
import type { DecisionContext } from '../decision-context.js';
import type { DomainError } from '../domain.errors.js';
import { decide } from '../draft.decide.js';
import type { DraftEvent } from '../draft.events.js';
import { replay } from '../draft.evolve.js';
import type { DraftState } from '../draft.types.js';
import { actor, ctxAt } from './fixtures.js';

/** The business date decide gives a command: its occurredOn, the date of its act, or today. */
export function businessDayOf(command: DraftCommand, ctx: DecisionContext): string {
  const data = command.data as { occurredOn?: string };
  const def = DRAFT_COMMANDS.definitions[command.type] as { dateOf?: (d: unknown) => string | undefined };
  return data.occurredOn ?? def.dateOf?.(command.data) ?? localDate(ctx.now);
}

const datedOn = (e: DraftEvent, day: string): DraftEvent =>
  e.data.occurredOn !== undefined ? e : ({ ...e, data: { ...e.data, occurredOn: day } } as DraftEvent);

type ErrorClass = abstract new (...args: never[]) => DomainError;

const DEFAULT_CTX = ctxAt(actor('committee_office'), '2019-06-01');

export function given(events: readonly DraftEvent[]) {
  const state = replay(events);
  return {
    when(command: DraftCommand, ctx: DecisionContext = DEFAULT_CTX) {
      const run = () => decide(command, state, ctx);
      return {
        /**
         * Expects exactly these events, as plain JSON, that evolve accepts; returns the new state.
         * An expected event that names no occurredOn is expected on the command's business date.
         */
        then(expected: DraftEvent[]): DraftState {
          const out = run();
          expect(out).toStrictEqual(expected.map((e) => datedOn(e, businessDayOf(command, ctx))));
          expect(JSON.parse(JSON.stringify(out))).toStrictEqual(out);
          return replay([...events, ...out]);
        },
        /** Expects a refusal of exactly this class (not a subclass or sibling). */
        thenThrows(errorClass: ErrorClass): DomainError {
          let caught: unknown;
          try {
            run();
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(errorClass);
          expect((caught as DomainError).constructor).toBe(errorClass);
          return caught as DomainError;
        },
      };
    },
  };
}

/** Runs commands in order as their actors on their dates; returns all events and the final state. */
export function walk(steps: readonly [DraftCommand, DecisionContext][], start: readonly DraftEvent[] = []) {
  const events = [...start];
  for (const [command, ctx] of steps) events.push(...decide(command, replay(events), ctx));
  return { events, state: replay(events) };
}
