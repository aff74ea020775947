import { z } from 'zod';
import { notInFuture, today } from '../decision-context.js';
import { event } from '../draft.events.js';
import { isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { DRAFTERS } from './grants.js';

/** Posts the draft for comments, on the day of the command unless an earlier posting is named. */
export const OpenConsultation = defineCommand({
  name: 'OpenConsultation',
  input: z.strictObject({ postedAt: isoDate.optional() }),
  grants: [{ roles: DRAFTERS, from: ['drafting', 'revising'] }],
  labels: { vi: 'Đăng tải lấy ý kiến', en: 'Open consultation' },
  decide(data, _draft, ctx) {
    const openedAt = data.postedAt ?? today(ctx);
    notInFuture(openedAt, ctx, 'posting date');
    return [event('ConsultationOpened', { openedAt })];
  },
  sample: () => ({}),
});
