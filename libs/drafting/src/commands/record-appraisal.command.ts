import { z } from 'zod';
import { notInFuture } from '../decision-context.js';
import { event } from '../draft.events.js';
import { isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { APPRAISER } from './grants.js';

/** Records the appraisal report: fit or not fit, with its number and date. */
export const RecordAppraisal = defineCommand({
  name: 'RecordAppraisal',
  input: z.strictObject({
    outcome: z.enum(['fit', 'not_fit']),
    reportNumber: text(NUMBER_MAX),
    reportDate: isoDate,
  }),
  grants: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  labels: { vi: 'Ghi nhận báo cáo thẩm định', en: 'Record appraisal' },
  decide(data, _draft, ctx) {
    notInFuture(data.reportDate, ctx, 'appraisal report date');
    return [event('AppraisalRecorded', data)];
  },
  sample: (_draft, day) => ({ outcome: 'fit' as const, reportNumber: '1/BC-STP', reportDate: day }),
});
