import { z } from 'zod';
import { event } from '../draft.events.js';
import { businessDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COUNCIL, RESOLUTION } from './grants.js';

/** The HĐND does not adopt a tabled resolution: it goes back to revising. */
export const Reject = defineCommand({
  name: 'Reject',
  input: z.strictObject({ occurredOn: businessDate, reason: reason() }),
  grants: [{ roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION }],
  labels: { vi: 'Không thông qua', en: 'Reject' },
  decide: (data) => [event('Rejected', data)],
  sample: () => ({ reason: 'Chưa đạt' }),
});
