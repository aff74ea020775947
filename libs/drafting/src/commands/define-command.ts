// What one drafting command is, in one value: its name, body, grants, labels, decision and a
// sample body. Every list the rest of the engine needs is derived from these (catalog.ts), so a
// command cannot lack a part: a definition without one does not compile.
import type { z } from 'zod';
import type { DecisionContext } from '../decision-context.js';
import type { DraftEvent } from '../draft.events.js';
import type { DocumentKind, DraftAt, Procedure, Stage } from '../draft.types.js';
import type { Label } from '../labels.js';
import type { Role } from '../roles.js';

/** Who may run a command from which stages, on which kinds and procedures of document. */
export interface Grant<F extends Stage = Stage> {
  readonly roles: readonly Role[];
  readonly from: readonly F[];
  /** Both kinds when absent. */
  readonly kinds?: readonly DocumentKind[];
  /** Both procedures when absent. */
  readonly procedures?: readonly Procedure[];
}

/**
 * A command's HTTP body: a strict object, so an unknown key is a 400, not silently dropped. Every
 * body has an optional `occurredOn` (the business date; commandCatalog refuses one without it).
 */
export type InputSchema = z.ZodObject;

/**
 * A command on a draft that exists. `F` is the union of the stages its grants start from:
 * `decide` and `sample` see the draft typed for those stages (an issued draft has its number).
 */
export interface CommandParts<
  N extends string = string,
  I extends InputSchema = InputSchema,
  F extends Stage = Stage,
> {
  /** Imperative, PascalCase; the route is its kebab-case (`SendForAppraisal` -> `send-for-appraisal`). */
  readonly name: N;
  readonly input: I;
  /** Any one grant lets an actor run the command; none means 403 (role) or 409 (stage, kind). */
  readonly grants: readonly [Grant<F>, ...Grant<F>[]];
  readonly labels: Label;
  /**
   * The date of the act a body names itself (a report's date, a signing date), if any: the
   * step's `occurredOn` defaults to it, may not be earlier, and it obeys the same date rules.
   */
  dateOf?(input: z.output<I>): string | undefined;
  /** The events the command records; a rule of the law that refuses throws a DomainError. */
  decide(input: z.output<I>, draft: DraftAt<F>, ctx: DecisionContext): DraftEvent[];
  /** A valid body on this draft on `day` (YYYY-MM-DD): the available-commands list and tests run it. */
  sample(draft: DraftAt<F>, day: string): z.input<I>;
}

export interface CommandDefinition<
  N extends string = string,
  I extends InputSchema = InputSchema,
  F extends Stage = Stage,
> extends CommandParts<N, I, F> {
  readonly creates: false;
}

/** The command that creates a draft's stream (AssignDraft): no stage to come from, no draft to see. */
export interface CreationParts<N extends string = string, I extends InputSchema = InputSchema> {
  readonly name: N;
  readonly input: I;
  readonly grants: readonly [{ readonly roles: readonly Role[] }, ...{ readonly roles: readonly Role[] }[]];
  readonly labels: Label;
  dateOf?(input: z.output<I>): string | undefined;
  decide(input: z.output<I>, ctx: DecisionContext): DraftEvent[];
  sample(day: string): z.input<I>;
}

export interface CreationDefinition<
  N extends string = string,
  I extends InputSchema = InputSchema,
> extends CreationParts<N, I> {
  readonly creates: true;
}

export type AnyCommandDefinition = CommandDefinition | CreationDefinition;

/** Defines a command on an existing draft; see CommandDefinition for its parts. */
export const defineCommand = <const N extends string, I extends InputSchema, const F extends Stage>(
  definition: CommandParts<N, I, F>,
): CommandDefinition<N, I, F> => ({ ...definition, creates: false });

/** Defines the command that creates the stream; see CreationDefinition for its parts. */
export const defineCreation = <const N extends string, I extends InputSchema>(
  definition: CreationParts<N, I>,
): CreationDefinition<N, I> => ({ ...definition, creates: true });
