// Who may see a draft, and which of an actor's roles count on it (the grants of each command,
// in commands/, say what those roles may do: see draft.decide.ts).
import type { Draft, DraftState } from './draft.types.js';
import { AGENCY_SCOPED_ROLES, type Actor, type Role } from './roles.js';

/** The actor's roles that count on this document: drafting roles only for the own agency. */
export function effectiveRoles(actor: Actor, state: DraftState): Role[] {
  return actor.roles.filter(
    (r) => state === undefined || !AGENCY_SCOPED_ROLES.includes(r) || actor.agency === state.agency,
  );
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
