import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { businessDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { APPRAISER } from './grants.js';

/**
 * The Department of Justice accepts the dossier sent for appraisal as complete (lifecycle.md,
 * "Deadlines (clocks)": it checks completeness, then accepts or returns it as incomplete). In
 * regimes 2021 and 2025 the appraisal period counts from this date (Art 121, 130 as amended in
 * 2020: 15 days from the complete dossier); the business date is the day of acceptance.
 */
export const AcceptDossier = defineCommand({
  name: 'AcceptDossier',
  input: z.strictObject({ occurredOn: businessDate }),
  grants: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  labels: { vi: 'Tiếp nhận hồ sơ thẩm định', en: 'Accept dossier' },
  decide(_data, draft) {
    if (draft.appraisal.accepted)
      throw new GuardViolation(
        `the dossier was already accepted as complete${draft.appraisal.acceptedOn ? ` on ${draft.appraisal.acceptedOn}` : ''}`,
        'dossier_already_accepted',
      );
    return [event('DossierAccepted', {})];
  },
  sample: () => ({}),
});
