import { z } from 'zod';
import { today } from '../decision-context.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { DRAFTERS } from './grants.js';

/** Posts the draft for comments, on the day of the command unless an earlier posting is named. */
export const OpenConsultation = defineCommand({
  name: 'OpenConsultation',
  input: z.strictObject({ occurredOn: businessDate, postedAt: isoDate.optional() }),
  grants: [{ roles: DRAFTERS, from: ['drafting', 'revising'] }],
  labels: { vi: 'Đăng tải lấy ý kiến', en: 'Open consultation' },
  // A back-dated posting may not precede the step before it, so it never shortens the minimum.
  dateOf: (data) => data.postedAt,
  decide(data, _draft, ctx) {
    const openedAt = data.postedAt ?? today(ctx);
    return [event('ConsultationOpened', { openedAt })];
  },
  sample: () => ({}),
});
