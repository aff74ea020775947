// The role groups the lifecycle's roles table names over and over.
import type { DocumentKind } from '../draft.types.js';
import type { Role } from '../roles.js';

export const DRAFTERS: readonly Role[] = ['drafter', 'drafting_lead'];
export const LEAD: readonly Role[] = ['drafting_lead'];
export const APPRAISER: readonly Role[] = ['appraiser'];
export const COMMITTEE: readonly Role[] = ['committee_office'];
export const COUNCIL: readonly Role[] = ['council_office'];
export const DECISION: readonly DocumentKind[] = ['committee_decision'];
export const RESOLUTION: readonly DocumentKind[] = ['council_resolution'];
