import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { CONSULTED_DEPARTMENTS, type Consultation } from '../draft.types.js';
import { businessDate, SUMMARY_MAX, text } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { CHAIR_DECISION, DRAFTERS } from './grants.js';

/**
 * A department that must be consulted on a draft decision of the Chair answered (Decree 187/2025
 * Art 51a: Finance, Home Affairs, Justice, Science and Technology, within 7 days, 3 if
 * simplified). The last of the four answering is recorded too: the answer period is then met.
 */
export const RecordDepartmentOpinion = defineCommand({
  name: 'RecordDepartmentOpinion',
  input: z.strictObject({
    occurredOn: businessDate,
    department: z.enum(CONSULTED_DEPARTMENTS),
    summary: text(SUMMARY_MAX).optional(),
  }),
  grants: [{ roles: DRAFTERS, from: ['consulting'], kinds: CHAIR_DECISION }],
  labels: { vi: 'Ghi nhận ý kiến của Sở', en: 'Record department opinion' },
  decide(data, draft) {
    const answers = draft.consultation.answers ?? {};
    const earlier = answers[data.department];
    if (earlier !== undefined)
      throw new GuardViolation(
        `the ${data.department} department already answered on ${earlier}`,
        'department_answered',
      );
    const recorded = event('DepartmentOpinionRecorded', {
      department: data.department,
      summary: data.summary,
    });
    const last = CONSULTED_DEPARTMENTS.every((d) => d === data.department || answers[d] !== undefined);
    return last ? [recorded, event('DepartmentsAnswered', {})] : [recorded];
  },
  // (Samples are also asked of drafts in other stages, without a consultation.)
  sample: (draft: { consultation?: Consultation }) => ({
    department:
      CONSULTED_DEPARTMENTS.find((d) => draft.consultation?.answers?.[d] === undefined) ?? 'finance',
  }),
});
