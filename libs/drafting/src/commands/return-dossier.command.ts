import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { APPRAISER } from './grants.js';

/** The Department of Justice returns an incomplete dossier for revision. */
export const ReturnDossier = defineCommand({
  name: 'ReturnDossier',
  input: z.strictObject({ occurredOn: businessDate, reason: reason() }),
  grants: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  labels: { vi: 'Trả hồ sơ', en: 'Return dossier' },
  decide: (data) => [event('DossierReturned', data)],
  sample: () => ({ reason: 'Thiếu hồ sơ' }),
});
