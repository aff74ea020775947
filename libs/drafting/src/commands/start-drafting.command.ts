import { event } from '../draft.events.js';
import { optionalReason } from '../input.schema.js';
import { DRAFTERS } from './grants.js';
import { defineCommand } from './define-command.js';

export const StartDrafting = defineCommand({
  name: 'StartDrafting',
  input: optionalReason(),
  grants: [{ roles: DRAFTERS, from: ['planned'] }],
  labels: { vi: 'Bắt đầu soạn thảo', en: 'Start drafting' },
  decide: (data) => [event('DraftingStarted', data)],
  sample: () => ({}),
});
