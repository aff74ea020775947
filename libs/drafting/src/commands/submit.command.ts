import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { optionalReason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { LEAD } from './grants.js';

/** A standard draft goes to the committee only with a `fit` appraisal and none pending. */
export const Submit = defineCommand({
  name: 'Submit',
  input: optionalReason(),
  grants: [
    { roles: LEAD, from: ['appraised'] },
    { roles: LEAD, from: ['drafting', 'revising'], procedures: ['simplified'] },
  ],
  labels: { vi: 'Trình UBND', en: 'Submit' },
  decide(data, draft) {
    if (draft.procedure === 'standard' && (draft.appraisal?.outcome !== 'fit' || draft.appraisal.pending))
      throw new GuardViolation('submission needs a fit appraisal of the latest dossier', 'appraisal_fit');
    return [event('Submitted', data)];
  },
  sample: () => ({}),
});
