import type { User } from './http.js';

/** The people of the scenarios: one department (Sở KH&CN), the Department of Justice, the offices. */
export const users = {
  office: { sub: 'u-office', agency: 'vp-ubnd', roles: ['committee_office'] },
  council: { sub: 'u-council', agency: 'vp-hdnd', roles: ['council_office'] },
  lead: { sub: 'u-lead', agency: 'so-khcn', roles: ['drafting_lead'] },
  drafter: { sub: 'u-drafter', agency: 'so-khcn', roles: ['drafter'] },
  appraiser: { sub: 'u-appraiser', agency: 'so-tu-phap', roles: ['appraiser'] },
  otherDrafter: { sub: 'u-other', agency: 'so-y-te', roles: ['drafter', 'drafting_lead'] },
  inspector: { sub: 'u-inspector', agency: 'so-noi-vu', roles: ['inspector'] },
  admin: { sub: 'u-admin', agency: 'so-noi-vu', roles: ['admin'] },
} satisfies Record<string, User>;
