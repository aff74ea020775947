import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { LEAD } from './grants.js';

/** Skipping consultation makes a standard document unlawful (Decree 154/2020): refuse it. */
export const SendForAppraisal = defineCommand({
  name: 'SendForAppraisal',
  input: z.strictObject({ meetingDate: isoDate.optional() }),
  grants: [{ roles: LEAD, from: ['drafting', 'revising', 'appraised'] }],
  labels: { vi: 'Gửi thẩm định', en: 'Send for appraisal' },
  decide(data, draft) {
    if (draft.procedure === 'standard' && draft.consultation?.closedAt === undefined)
      throw new GuardViolation(
        'a standard draft must be consulted on before appraisal',
        'consultation_required',
      );
    return [event('SentForAppraisal', data)];
  },
  sample: () => ({}),
});
