import { z } from 'zod';
import { addDays } from '../dates.js';
import { stillToCome } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COLLECTIVE, COMMITTEE, LEAD } from './grants.js';

/**
 * Sets, or changes, the UBND meeting a draft is planned for, before it is submitted (after
 * that, Postpone moves it). The dossier must reach the meeting 20 days ahead (Art 121, 130):
 * the `dossier_before_meeting` clock starts on it, and a new date re-times it.
 */
export const SetMeetingDate = defineCommand({
  name: 'SetMeetingDate',
  input: z.strictObject({ occurredOn: businessDate, meetingDate: isoDate, reason: reason().optional() }),
  grants: [
    {
      roles: [...COMMITTEE, ...LEAD],
      from: ['planned', 'drafting', 'consulting', 'revising', 'in_appraisal', 'appraised'],
      // The Chair's own decisions go to no UBND meeting (Decree 187/2025 Art 51a).
      kinds: COLLECTIVE,
    },
  ],
  labels: { vi: 'Đặt ngày họp UBND', en: 'Set meeting date' },
  decide(data, draft, ctx) {
    stillToCome(data.meetingDate, ctx, 'the UBND meeting on');
    if (data.meetingDate === draft.meetingDate)
      throw new GuardViolation(`the meeting is already set for ${data.meetingDate}`, 'meeting_unchanged');
    return [event('MeetingDateSet', { meetingDate: data.meetingDate, reason: data.reason })];
  },
  sample: (draft, day) => ({
    meetingDate:
      draft.meetingDate !== undefined && draft.meetingDate >= day
        ? addDays(draft.meetingDate, 7)
        : addDays(day, 30),
  }),
});
