import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, NUMBER_MAX, SUMMARY_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COUNCIL, RESOLUTION } from './grants.js';

/** An HĐND committee's verification report on a resolution's draft. */
export const RecordVerification = defineCommand({
  name: 'RecordVerification',
  input: z.strictObject({
    occurredOn: businessDate,
    reportNumber: text(NUMBER_MAX).optional(),
    summary: text(SUMMARY_MAX).optional(),
  }),
  grants: [{ roles: COUNCIL, from: ['under_verification'], kinds: RESOLUTION }],
  labels: { vi: 'Ghi nhận báo cáo thẩm tra', en: 'Record verification' },
  decide: (data) => [event('VerificationRecorded', data)],
  sample: () => ({}),
});
