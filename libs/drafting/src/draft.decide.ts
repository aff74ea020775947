// decide refuses in a fixed order — not found (404), role (403), stage or kind (409), then the
// command's guards (409) — and otherwise returns the events the command records. The API runs
// the first two (authorize) before it compares If-Match, and the rest (decideAuthorized) after:
// one authorization, derived from the grants, whichever way a command comes in.
import { effectiveRoles } from './access.policy.js';
import { dated, datedContext } from './business-date.js';
import type { CommandCatalog, CommandIn } from './commands/catalog.js';
import type { AnyCommandDefinition } from './commands/define-command.js';
import { DRAFT_COMMANDS } from './commands/index.js';
import { type DecisionContext, today } from './decision-context.js';
import {
  DocumentAlreadyExists,
  DocumentNotFound,
  DomainError,
  Forbidden,
  IllegalTransition,
} from './domain.errors.js';
import type { DraftEvent } from './draft.events.js';
import type { Draft, DraftState } from './draft.types.js';
import type { Actor, Role } from './roles.js';

/** The decision functions over a catalog of commands (the drafting one below, or a test's). */
export function draftDecider<D extends AnyCommandDefinition>(catalog: CommandCatalog<D>) {
  type Name = D['name'];
  const definition = (name: Name): AnyCommandDefinition => catalog.definitions[name];

  /** Whether one of the actor's roles may run the command from this draft's stage, kind and procedure. */
  const grantedHere = (name: Name, draft: Draft, actor: Actor) =>
    effectiveRoles(actor, draft).some((r) => catalog.grantFor(name, r, draft) !== undefined);

  /**
   * The actor's role that permits the command on this document, for event metadata; undefined
   * when no role of the actor may run it here (403). A role allowed the command but not in this
   * stage still authorises it: the refusal is then an illegal transition, not a 403.
   */
  function authorizingRole(name: Name, state: DraftState, actor: Actor): Role | undefined {
    const allowed = catalog.rolesFor(name);
    const candidates = effectiveRoles(actor, state).filter((r) => allowed.includes(r));
    if (state === undefined) return candidates[0];
    return candidates.find((r) => catalog.grantFor(name, r, state) !== undefined) ?? candidates[0];
  }

  /** The actor may run it from this stage on other kinds only (Adopt on a decision of the Chair). */
  const notForKind = (name: Name, draft: Draft, actor: Actor) =>
    catalog.grants[name].some(
      (g) =>
        g.from.includes(draft.stage) &&
        g.kinds !== undefined &&
        !g.kinds.includes(draft.kind) &&
        effectiveRoles(actor, draft).some((r) => g.roles.includes(r)),
    );

  /** 404 for a command on a stream that does not exist, 403 for roles that may not run it; else the role. */
  function authorize(name: Name, state: DraftState, actor: Actor, documentId: string): Role {
    if (state === undefined && !definition(name).creates) throw new DocumentNotFound(documentId);
    const role = authorizingRole(name, state, actor);
    if (role === undefined) throw new Forbidden(name);
    return role;
  }

  /** The events of a command `authorize` let through: 409 for the stage, kind or a guard. */
  function decideAuthorized(command: CommandIn<D>, state: DraftState, ctx: DecisionContext): DraftEvent[] {
    const def = definition(command.type);
    const data = command.data as { occurredOn?: string };
    const { occurredOn: _occurredOn, ...body } = data;
    const actDate = def.dateOf?.(command.data as never);
    if (def.creates) {
      if (state !== undefined) throw new DocumentAlreadyExists(ctx.documentId);
      const at = datedContext(data, actDate, undefined, ctx);
      return dated(def.decide(body as never, at), today(at));
    }
    if (state === undefined) throw new DocumentNotFound(ctx.documentId);
    if (!grantedHere(command.type, state, ctx.actor)) {
      const closed = state.stage === 'withdrawn' || state.stage === 'published';
      const reason = closed
        ? `the document is ${state.stage}`
        : notForKind(command.type, state, ctx.actor)
          ? `not for a ${state.kind}`
          : undefined;
      throw new IllegalTransition(state.stage, command.type, reason);
    }
    const at = datedContext(data, actDate, state, ctx);
    // A grant from this stage let it through, so the draft is in a stage `decide` is typed for.
    return dated(def.decide(body as never, state as never, at), today(at));
  }

  /**
   * The events a command records on a draft, or a DomainError explaining the refusal. Never
   * returns [] for a refusal. The command's data is assumed to have passed its schema.
   */
  function decide(command: CommandIn<D>, state: DraftState, ctx: DecisionContext): DraftEvent[] {
    authorize(command.type, state, ctx.actor, ctx.documentId);
    return decideAuthorized(command, state, ctx);
  }

  /** Every refusal names its command, so the API's title can say which one, in the user's words. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const naming = <F extends (...args: any[]) => unknown>(name: (first: Parameters<F>[0]) => string, f: F) =>
    ((...args: Parameters<F>) => {
      try {
        return f(...args);
      } catch (e) {
        if (e instanceof DomainError) e.command ??= name(args[0]);
        throw e;
      }
    }) as F;

  /**
   * The commands this actor may run on the draft at `now`: a grant allows them here and their
   * guards pass for the command's sample body, so the list cannot disagree with decide.
   */
  function availableCommands(draft: Draft, actor: Actor, now: string): Name[] {
    const ctx = { documentId: draft.id, actor, now };
    const day = today(ctx);
    return catalog.names.filter((name) => {
      const def = definition(name);
      if (def.creates || !grantedHere(name, draft, actor)) return false;
      const data = def.input.parse(def.sample(draft as never, day));
      try {
        return decide({ type: name, data } as CommandIn<D>, draft, ctx).length > 0;
      } catch (e) {
        if (e instanceof DomainError) return false;
        throw e;
      }
    });
  }

  return {
    authorizingRole,
    authorize: naming((name: Name) => name, authorize),
    decideAuthorized: naming((command: CommandIn<D>) => command.type, decideAuthorized),
    decide: naming((command: CommandIn<D>) => command.type, decide),
    availableCommands,
  };
}

const DRAFTING = draftDecider(DRAFT_COMMANDS);

/** The actor's role that permits the command on this document (metadata); undefined: 403. */
export const authorizingRole = DRAFTING.authorizingRole;
/** 404 for a command on a stream that does not exist, 403 for roles that may not run it; else the role. */
export const authorize = DRAFTING.authorize;
/** The events of a command `authorize` let through: 409 for the stage, kind or a guard. */
export const decideAuthorized = DRAFTING.decideAuthorized;
/** authorize, then decideAuthorized: the events a command records, or the DomainError refusing it. */
export const decide = DRAFTING.decide;
/** The commands this actor may run on the draft now (their guards pass for a sample body). */
export const availableCommands = DRAFTING.availableCommands;
