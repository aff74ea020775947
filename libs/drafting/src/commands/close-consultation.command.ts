import { daysBetween } from '../dates.js';
import { today } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { optionalReason } from '../input.schema.js';
import { rulesAt } from '../regime.rules.js';
import { defineCommand } from './define-command.js';
import { DRAFTERS } from './grants.js';

/** The draft must stay posted for the minimum period of the regime in force when it opened. */
export const CloseConsultation = defineCommand({
  name: 'CloseConsultation',
  input: optionalReason(),
  grants: [{ roles: DRAFTERS, from: ['consulting'] }],
  labels: { vi: 'Kết thúc lấy ý kiến', en: 'Close consultation' },
  decide(data, draft, ctx) {
    const closedAt = today(ctx);
    const { openedAt } = draft.consultation;
    const minimum = rulesAt(openedAt).consultationMinimumDays;
    if (draft.procedure !== 'simplified' && daysBetween(openedAt, closedAt) < minimum)
      throw new GuardViolation(
        `consultation opened ${openedAt} must stay open ${minimum} days (until ${openedAt} + ${minimum})`,
        'consultation_minimum',
      );
    return [event('ConsultationClosed', { closedAt, reason: data.reason })];
  },
  sample: () => ({}),
});
