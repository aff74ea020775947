import { z } from 'zod';
import { today } from '../decision-context.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, COUNCIL, DECISION, RESOLUTION } from './grants.js';

/** The UBND adopts a decision, the HĐND a tabled resolution; on the day of the command by default. */
export const Adopt = defineCommand({
  name: 'Adopt',
  input: z.strictObject({ occurredOn: businessDate, adoptedOn: isoDate.optional() }),
  grants: [
    { roles: COMMITTEE, from: ['submitted'], kinds: DECISION },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  labels: { vi: 'Thông qua', en: 'Adopt' },
  dateOf: (data) => data.adoptedOn,
  decide(data, _draft, ctx) {
    // Never before submission (the step it follows) nor in the future: see business-date.ts.
    const adoptedOn = data.adoptedOn ?? today(ctx);
    return [event('Adopted', { adoptedOn })];
  },
  sample: () => ({}),
});
