import { z } from 'zod';
import { event } from '../draft.events.js';
import { isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, RESOLUTION } from './grants.js';

/** The UBND approves a resolution's draft to go before the HĐND. */
export const ApproveForCouncil = defineCommand({
  name: 'ApproveForCouncil',
  input: z.strictObject({ sessionDate: isoDate.optional() }),
  grants: [{ roles: COMMITTEE, from: ['submitted'], kinds: RESOLUTION }],
  labels: { vi: 'Thông qua để trình HĐND', en: 'Approve for the council' },
  decide: (data) => [event('ApprovedForCouncil', data)],
  sample: () => ({}),
});
