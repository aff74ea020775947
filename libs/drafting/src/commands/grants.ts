// The role groups the lifecycle's roles table names over and over.
import { GuardViolation } from '../domain.errors.js';
import type { DocumentKind } from '../draft.types.js';
import type { Role } from '../roles.js';

export const DRAFTERS: readonly Role[] = ['drafter', 'drafting_lead'];
export const LEAD: readonly Role[] = ['drafting_lead'];
export const APPRAISER: readonly Role[] = ['appraiser'];
export const COMMITTEE: readonly Role[] = ['committee_office'];
export const COUNCIL: readonly Role[] = ['council_office'];
export const DECISION: readonly DocumentKind[] = ['committee_decision'];
export const RESOLUTION: readonly DocumentKind[] = ['council_resolution'];
export const CHAIR_DECISION: readonly DocumentKind[] = ['chair_decision'];
/** The kinds a UBND meeting deals with: not the Chair's own decisions (no collective adoption). */
export const COLLECTIVE: readonly DocumentKind[] = ['committee_decision', 'council_resolution'];

/** The Chair decides alone (Decree 187/2025 Art 51a): no UBND meeting is named for such a decision. */
export function noMeetingForTheChair(kind: DocumentKind): void {
  if (kind === 'chair_decision')
    throw new GuardViolation(
      'a decision of the Chair is signed by the Chair, not adopted at a UBND meeting: it has no meeting date',
      'no_meeting',
    );
}
