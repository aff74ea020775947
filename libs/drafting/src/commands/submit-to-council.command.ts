import { event } from '../draft.events.js';
import { optionalReason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, RESOLUTION } from './grants.js';

export const SubmitToCouncil = defineCommand({
  name: 'SubmitToCouncil',
  input: optionalReason(),
  // The roles table is silent: the People's Committee (its office) submits to the Council.
  grants: [{ roles: COMMITTEE, from: ['committee_approved'], kinds: RESOLUTION }],
  labels: { vi: 'Trình HĐND', en: 'Submit to the council' },
  decide: (data) => [event('SubmittedToCouncil', data)],
  sample: () => ({}),
});
