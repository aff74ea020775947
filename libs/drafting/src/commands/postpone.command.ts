import { z } from 'zod';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { isoDate, reason } from '../input.schema.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, COUNCIL, RESOLUTION } from './grants.js';

const input = z
  .strictObject({
    meetingDate: isoDate.optional(),
    sessionDate: isoDate.optional(),
    reason: reason().optional(),
  })
  .refine((v) => (v.meetingDate === undefined) !== (v.sessionDate === undefined), {
    message: 'give exactly one of meetingDate (UBND meeting) or sessionDate (HĐND session)',
  });

/** In `submitted` the UBND meeting moves; in `tabled` the resolution goes to a later session. */
export const Postpone = defineCommand({
  name: 'Postpone',
  input,
  grants: [
    { roles: COMMITTEE, from: ['submitted'] },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  labels: { vi: 'Hoãn', en: 'Postpone' },
  decide(data, draft) {
    const { meetingDate, sessionDate } = data;
    if (draft.stage === 'tabled') {
      if (sessionDate === undefined)
        throw new GuardViolation(
          'postponing a tabled resolution needs the next sessionDate',
          'postpone_date',
        );
      return [event('Postponed', { sessionDate, reason: data.reason })];
    }
    if (meetingDate === undefined)
      throw new GuardViolation('postponing a submitted draft needs the new meetingDate', 'postpone_date');
    return [event('Postponed', { meetingDate, reason: data.reason })];
  },
  sample: (draft, day) => (draft.stage === 'tabled' ? { sessionDate: day } : { meetingDate: day }),
});
