import { z } from 'zod';
import { stillToCome } from '../decision-context.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, RESOLUTION } from './grants.js';

/** The UBND approves a resolution's draft to go before the HĐND. */
export const ApproveForCouncil = defineCommand({
  name: 'ApproveForCouncil',
  input: z.strictObject({ occurredOn: businessDate, sessionDate: isoDate.optional() }),
  grants: [{ roles: COMMITTEE, from: ['submitted'], kinds: RESOLUTION }],
  labels: { vi: 'Thông qua để trình HĐND', en: 'Approve for the council' },
  decide(data, _draft, ctx) {
    if (data.sessionDate !== undefined) stillToCome(data.sessionDate, ctx, 'the HĐND session on');
    return [event('ApprovedForCouncil', data)];
  },
  sample: () => ({}),
});
