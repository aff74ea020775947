import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { APPRAISER } from './grants.js';

/** Records the appraisal report: fit or not fit, with its number and date. */
export const RecordAppraisal = defineCommand({
  name: 'RecordAppraisal',
  input: z.strictObject({
    occurredOn: businessDate,
    outcome: z.enum(['fit', 'not_fit']),
    reportNumber: text(NUMBER_MAX),
    reportDate: isoDate,
  }),
  grants: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  labels: { vi: 'Ghi nhận báo cáo thẩm định', en: 'Record appraisal' },
  // The report is dated no earlier than the dossier was sent, and not in the future.
  dateOf: (data) => data.reportDate,
  decide: (data) => [event('AppraisalRecorded', data)],
  sample: (_draft, day) => ({ outcome: 'fit' as const, reportNumber: '1/BC-STP', reportDate: day }),
});
