import { z } from 'zod';
import { notInFuture, today } from '../decision-context.js';
import { event } from '../draft.events.js';
import { isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, COUNCIL, DECISION, RESOLUTION } from './grants.js';

/** The UBND adopts a decision, the HĐND a tabled resolution; on the day of the command by default. */
export const Adopt = defineCommand({
  name: 'Adopt',
  input: z.strictObject({ adoptedOn: isoDate.optional() }),
  grants: [
    { roles: COMMITTEE, from: ['submitted'], kinds: DECISION },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  labels: { vi: 'Thông qua', en: 'Adopt' },
  decide(data, _draft, ctx) {
    const adoptedOn = data.adoptedOn ?? today(ctx);
    notInFuture(adoptedOn, ctx, 'adoption date');
    return [event('Adopted', { adoptedOn })];
  },
  sample: () => ({}),
});
