import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, reason, SUMMARY_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { DRAFTERS } from './grants.js';

/** Records a new revision of the text; the revision number counts up from 1. */
export const RecordRevision = defineCommand({
  name: 'RecordRevision',
  input: z.strictObject({
    occurredOn: businessDate,
    summary: text(SUMMARY_MAX),
    reason: reason().optional(),
  }),
  grants: [{ roles: DRAFTERS, from: ['drafting', 'consulting', 'revising', 'appraised'] }],
  labels: { vi: 'Ghi nhận chỉnh lý', en: 'Record revision' },
  decide: (data, draft) => [
    event('DraftRevised', { revision: draft.revisionCount + 1, summary: data.summary, reason: data.reason }),
  ],
  sample: () => ({ summary: 'Tiếp thu ý kiến' }),
});
