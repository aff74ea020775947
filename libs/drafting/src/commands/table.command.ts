import { z } from 'zod';
import { stillToCome } from '../decision-context.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COUNCIL, RESOLUTION } from './grants.js';

/** Puts a verified resolution on the agenda of an HĐND session. */
export const Table = defineCommand({
  name: 'Table',
  input: z.strictObject({ occurredOn: businessDate, sessionDate: isoDate }),
  grants: [{ roles: COUNCIL, from: ['verified'], kinds: RESOLUTION }],
  labels: { vi: 'Trình kỳ họp', en: 'Table' },
  decide(data, _draft, ctx) {
    stillToCome(data.sessionDate, ctx, 'the HĐND session on');
    return [event('Tabled', data)];
  },
  sample: (_draft, day) => ({ sessionDate: day }),
});
