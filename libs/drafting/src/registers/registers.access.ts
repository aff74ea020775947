// Who sees a register entry: the agency's own drafting roles, and the committee office and
// inspectors for every agency. Everyone else sees nothing (and gets 404 from the API).
import type { Actor, Role } from '../roles.js';

const SEE_ALL: readonly Role[] = ['committee_office', 'inspector'];
const OWN_AGENCY: readonly Role[] = ['drafter', 'drafting_lead'];

/** Whether the actor may read an entry of `agency`'s registers. */
export function seesRegisterOf(agency: string, actor: Actor): boolean {
  return actor.roles.some((r) => SEE_ALL.includes(r) || (OWN_AGENCY.includes(r) && actor.agency === agency));
}

/** The first of the actor's roles in `allowed` (in the actor's order), for event metadata. */
export const firstRole = (actor: Actor, allowed: readonly Role[]): Role | undefined =>
  actor.roles.find((r) => allowed.includes(r));
