import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { optionalReason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { LEAD } from './grants.js';

/**
 * Appraisal is never skipped, in any procedure (Art 148 of the 2015 law; Decree 154/2020 amending
 * Art 103 of Decree 34/2016): only an appraised draft is submitted, and in regimes 2021 and 2025
 * only with a `fit` verdict; a 2016 report carried no verdict, so any recorded report will do.
 */
export const Submit = defineCommand({
  name: 'Submit',
  input: optionalReason(),
  grants: [{ roles: LEAD, from: ['appraised'] }],
  labels: { vi: 'Trình UBND', en: 'Submit' },
  decide(data, draft) {
    if (draft.regime !== '2016' && draft.appraisal.outcome !== 'fit')
      throw new GuardViolation(
        `in regime ${draft.regime} submission needs a fit appraisal report; report ${draft.appraisal.reportNumber} found the draft not fit: revise it and send it for appraisal again`,
        'appraisal_fit',
      );
    return [event('Submitted', data)];
  },
  sample: () => ({}),
});
