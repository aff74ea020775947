import { addDays, daysBetween } from '../dates.js';
import { today } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { CONSULTED_DEPARTMENTS, type ConsultingDraft } from '../draft.types.js';
import { optionalReason } from '../input.schema.js';
import { rulesAt } from '../regime.rules.js';
import { defineCommand } from './define-command.js';
import { DRAFTERS } from './grants.js';

/**
 * The draft must stay posted for the minimum period of the regime in force when it opened (Art
 * 120, 129: 30 days; a Chair's decision 10 days, Decree 187/2025 Art 51a), unless simplified.
 */
function checkPosting(draft: ConsultingDraft, closedAt: string): void {
  const { openedAt } = draft.consultation;
  const rules = rulesAt(openedAt);
  const minimum =
    draft.kind === 'chair_decision' ? rules.chairPostingMinimumDays : rules.consultationMinimumDays;
  if (draft.procedure !== 'simplified' && daysBetween(openedAt, closedAt) < minimum)
    throw new GuardViolation(
      `consultation opened ${openedAt} must stay open ${minimum} days (until ${addDays(openedAt, minimum)})`,
      'consultation_minimum',
    );
}

/**
 * A Chair's decision: each department that must be consulted answers, or its 7 days (3 if
 * simplified) run out, before the consultation closes (Decree 187/2025 Art 51a).
 */
function checkDepartments(draft: ConsultingDraft, closedAt: string): void {
  if (draft.kind !== 'chair_decision') return;
  const { openedAt, answers = {} } = draft.consultation;
  const rules = rulesAt(openedAt);
  const days =
    draft.procedure === 'simplified' ? rules.departmentAnswerDaysSimplified : rules.departmentAnswerDays;
  const waiting = CONSULTED_DEPARTMENTS.filter((d) => answers[d] === undefined);
  // Within N days: a department may still answer on the last of them (Civil Code art. 147-148).
  if (waiting.length > 0 && daysBetween(openedAt, closedAt) <= days)
    throw new GuardViolation(
      `${waiting.join(', ')} have not answered and may do so until ${addDays(openedAt, days)} (${days} days from ${openedAt})`,
      'department_answers',
    );
}

export const CloseConsultation = defineCommand({
  name: 'CloseConsultation',
  input: optionalReason(),
  grants: [{ roles: DRAFTERS, from: ['consulting'] }],
  labels: { vi: 'Kết thúc lấy ý kiến', en: 'Close consultation' },
  decide(data, draft, ctx) {
    const closedAt = today(ctx);
    checkPosting(draft, closedAt);
    checkDepartments(draft, closedAt);
    return [event('ConsultationClosed', { closedAt, reason: data.reason })];
  },
  sample: () => ({}),
});
