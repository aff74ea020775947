import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { stillToCome } from '../decision-context.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { LEAD, noMeetingForTheChair } from './grants.js';

/**
 * Skipping consultation makes a standard document unlawful (Decree 154/2020): refuse it. A
 * Chair's decision is consulted on in every procedure (the four departments, Decree 187/2025
 * Art 51a) and goes to no UBND meeting.
 */
export const SendForAppraisal = defineCommand({
  name: 'SendForAppraisal',
  input: z.strictObject({ occurredOn: businessDate, meetingDate: isoDate.optional() }),
  grants: [{ roles: LEAD, from: ['drafting', 'revising', 'appraised'] }],
  labels: { vi: 'Gửi thẩm định', en: 'Send for appraisal' },
  decide(data, draft, ctx) {
    if (data.meetingDate !== undefined) noMeetingForTheChair(draft.kind);
    if (data.meetingDate !== undefined) stillToCome(data.meetingDate, ctx, 'the UBND meeting on');
    if (draft.kind === 'chair_decision' && draft.consultation?.closedAt === undefined)
      throw new GuardViolation(
        'a decision of the Chair is sent for appraisal after the departments of Finance, Home Affairs, Justice and Science and Technology were consulted',
        'departments_consulted',
      );
    if (draft.procedure === 'standard' && draft.consultation?.closedAt === undefined)
      throw new GuardViolation(
        'a standard draft must be consulted on before appraisal',
        'consultation_required',
      );
    return [event('SentForAppraisal', data)];
  },
  sample: () => ({}),
});
