import { z } from 'zod';
import { event } from '../draft.events.js';
import { OPEN_STAGES } from '../draft.types.js';
import { businessDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { LEAD } from './grants.js';

/** The drafting lead withdraws a draft that is still open; the stage it left is remembered. */
export const Withdraw = defineCommand({
  name: 'Withdraw',
  input: z.strictObject({ occurredOn: businessDate, reason: reason() }),
  grants: [{ roles: LEAD, from: OPEN_STAGES }],
  labels: { vi: 'Rút dự thảo', en: 'Withdraw' },
  decide: (data, draft) => [event('Withdrawn', { reason: data.reason, fromStage: draft.stage })],
  sample: () => ({ reason: 'Không còn cần thiết' }),
});
