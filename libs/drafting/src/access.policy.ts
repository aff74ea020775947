// Who may see a draft and which of an actor's roles authorises a command on it.
import type { CommandName } from './command-names.js';
import type { Draft, DraftState } from './draft.types.js';
import { AGENCY_SCOPED_ROLES, type Actor, type Role } from './roles.js';
import { grantFor, rolesFor } from './transitions.table.js';

/** The actor's roles that count on this document: drafting roles only for the own agency. */
export function effectiveRoles(actor: Actor, state: DraftState): Role[] {
  return actor.roles.filter(
    (r) => state === undefined || !AGENCY_SCOPED_ROLES.includes(r) || actor.agency === state.agency,
  );
}

/**
 * The actor's role that permits the command on this document, for event metadata; undefined
 * when no role of the actor may run it here (403). A role allowed the command but not in this
 * stage still authorises it: the refusal is then an illegal transition, not a 403.
 */
export function authorizingRole(command: CommandName, state: DraftState, actor: Actor): Role | undefined {
  const allowed = rolesFor(command);
  const candidates = effectiveRoles(actor, state).filter((r) => allowed.includes(r));
  if (state === undefined) return candidates[0];
  return candidates.find((r) => grantFor(command, r, state) !== undefined) ?? candidates[0];
}

/**
 * Whether the actor may read the draft. Drafting roles see their own agency's drafts, the
 * appraiser what was ever sent for appraisal, the council office resolutions, the committee
 * office and inspectors everything; admin sees no drafts.
 */
export function canSee(state: Draft, actor: Actor): boolean {
  return actor.roles.some((role) => roleSees(role, state, actor));
}

function roleSees(role: Role, state: Draft, actor: Actor): boolean {
  switch (role) {
    case 'drafter':
    case 'drafting_lead':
      return state.agency === actor.agency;
    case 'appraiser':
      return state.everSentForAppraisal;
    case 'committee_office':
    case 'inspector':
      return true;
    case 'council_office':
      return state.kind === 'council_resolution';
    case 'admin':
      return false;
    default: {
      const unknown: never = role;
      throw new Error(`unknown role ${String(unknown)}`);
    }
  }
}
