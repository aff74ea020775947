import { z } from 'zod';
import { addDays } from '../dates.js';
import { GuardViolation } from '../domain.errors.js';
import { event } from '../draft.events.js';
import { businessDate, isoDate, reason } from '../input.schema.js';
import { type DecisionContext, stillToCome } from '../decision-context.js';
import { defineCommand } from './define-command.js';
import { COLLECTIVE, COMMITTEE, COUNCIL, RESOLUTION } from './grants.js';

const input = z
  .strictObject({
    occurredOn: businessDate,
    meetingDate: isoDate.optional(),
    sessionDate: isoDate.optional(),
    reason: reason().optional(),
  })
  .refine((v) => (v.meetingDate === undefined) !== (v.sessionDate === undefined), {
    message: 'give exactly one of meetingDate (UBND meeting) or sessionDate (HĐND session)',
  })
  .meta({ oneOf: [{ required: ['meetingDate'] }, { required: ['sessionDate'] }] });

/** A postponement moves to a session still to come, later than the one it leaves. */
function laterThan(next: string, current: string | undefined, ctx: DecisionContext, what: string): void {
  stillToCome(next, ctx, what);
  if (current !== undefined && next <= current)
    throw new GuardViolation(
      `${what} ${next} is not later than ${current}, the one it is postponed from`,
      'postpone_earlier',
    );
}

/** In `submitted` the UBND meeting moves; in `tabled` the resolution goes to a later session. */
export const Postpone = defineCommand({
  name: 'Postpone',
  input,
  grants: [
    // No UBND meeting adopts a Chair's decision: nothing to postpone.
    { roles: COMMITTEE, from: ['submitted'], kinds: COLLECTIVE },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  labels: { vi: 'Hoãn', en: 'Postpone' },
  decide(data, draft, ctx) {
    const { meetingDate, sessionDate } = data;
    if (draft.stage === 'tabled') {
      if (sessionDate === undefined)
        throw new GuardViolation(
          'postponing a tabled resolution needs the next sessionDate',
          'postpone_date',
        );
      laterThan(sessionDate, draft.sessionDate, ctx, 'the HĐND session on');
      return [event('Postponed', { sessionDate, reason: data.reason })];
    }
    if (meetingDate === undefined)
      throw new GuardViolation('postponing a submitted draft needs the new meetingDate', 'postpone_date');
    laterThan(meetingDate, draft.meetingDate, ctx, 'the UBND meeting on');
    return [event('Postponed', { meetingDate, reason: data.reason })];
  },
  sample: (draft, day) => {
    const current = draft.stage === 'tabled' ? draft.sessionDate : draft.meetingDate;
    const next = current !== undefined && current >= day ? addDays(current, 1) : day;
    return draft.stage === 'tabled' ? { sessionDate: next } : { meetingDate: next };
  },
});
