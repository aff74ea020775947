// given(events).when(command, ctx).then(events) / .thenThrows(ErrorClass) for a register, after
// testing/given.ts. Used by the specs only.
import type { DecisionContext } from '../decision-context.js';
import type { DomainError } from '../domain.errors.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export interface Register<C, E, S> {
  decide(command: C, state: S, ctx: DecisionContext): E[];
  replay(events: readonly E[]): S;
}

export const givenFor =
  <C, E, S>(register: Register<C, E, S>) =>
  (events: readonly E[]) => {
    const state = register.replay(events);
    return {
      when(command: C, ctx: DecisionContext) {
        const run = () => register.decide(command, state, ctx);
        return {
          then(expected: E[]): S {
            const out = run();
            expect(out).toStrictEqual(expected);
            expect(JSON.parse(JSON.stringify(out))).toStrictEqual(out);
            return register.replay([...events, ...out]);
          },
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
  };
