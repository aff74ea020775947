import { z } from 'zod';
import { event } from '../draft.events.js';
import { isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COUNCIL, RESOLUTION } from './grants.js';

/** Puts a verified resolution on the agenda of an HĐND session. */
export const Table = defineCommand({
  name: 'Table',
  input: z.strictObject({ sessionDate: isoDate }),
  grants: [{ roles: COUNCIL, from: ['verified'], kinds: RESOLUTION }],
  labels: { vi: 'Trình kỳ họp', en: 'Table' },
  decide: (data) => [event('Tabled', data)],
  sample: (_draft, day) => ({ sessionDate: day }),
});
