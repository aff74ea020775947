// Who hears about a clock (lifecycle.md, "Deadlines" and "Roles"): the rule names roles; the
// directory says who holds them. Drafters and leads are their own agency's; the others
// (appraisers, offices, inspectors) serve every agency.
import { AGENCY_SCOPED_ROLES, type Role } from '#drafting';
import type { DirectoryUser } from './directory.js';

/** The users holding one of `roles` for a clock of the drafting agency `agency`, by id. */
export function recipientsOf(
  agency: string,
  roles: readonly Role[],
  users: readonly DirectoryUser[],
): DirectoryUser[] {
  const holds = (u: DirectoryUser, role: Role) =>
    u.roles.includes(role) && (!AGENCY_SCOPED_ROLES.includes(role) || u.agency === agency);
  return users.filter((u) => roles.some((role) => holds(u, role))).sort((a, b) => a.id.localeCompare(b.id));
}
