import type { Actor, Role } from '#drafting';

const ANY_AGENCY: readonly Role[] = ['inspector', 'committee_office'];
const OWN_AGENCY: readonly Role[] = ['drafter', 'drafting_lead'];

/**
 * Who may read an agency's programme report: inspectors and the committee office for every
 * agency, an agency's drafters and leads for their own. (The API answers 403 otherwise: that an
 * agency has a report is no secret, unlike whether a document exists.)
 */
export const mayReadReport = (actor: Actor, agency: string): boolean =>
  actor.roles.some((r) => ANY_AGENCY.includes(r) || (OWN_AGENCY.includes(r) && actor.agency === agency));
