/** The roles of the people who work on a draft (lifecycle.md, "Roles"). */
export type Role =
  'drafter' | 'drafting_lead' | 'appraiser' | 'committee_office' | 'council_office' | 'inspector' | 'admin';

export const ROLES: readonly Role[] = [
  'drafter',
  'drafting_lead',
  'appraiser',
  'committee_office',
  'council_office',
  'inspector',
  'admin',
];

/** Who asks: a user of one agency holding one or more roles. */
export interface Actor {
  userId: string;
  agency: string;
  roles: readonly Role[];
}

/** Roles whose rights are limited to the drafts of the actor's own agency. */
export const AGENCY_SCOPED_ROLES: readonly Role[] = ['drafter', 'drafting_lead'];
