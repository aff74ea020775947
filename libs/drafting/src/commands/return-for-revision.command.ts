import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE } from './grants.js';

/** The committee office sends a submitted draft back to the drafters. */
export const ReturnForRevision = defineCommand({
  name: 'ReturnForRevision',
  input: z.strictObject({ occurredOn: businessDate, reason: reason() }),
  grants: [{ roles: COMMITTEE, from: ['submitted'] }],
  labels: { vi: 'Trả lại để chỉnh lý', en: 'Return for revision' },
  decide: (data) => [event('ReturnedForRevision', data)],
  sample: () => ({ reason: 'Chưa đạt' }),
});
