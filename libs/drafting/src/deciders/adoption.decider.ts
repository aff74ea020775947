import type { CommandInput } from '../commands.schema.js';
import { type DecisionContext, notInFuture, today } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { Draft } from '../draft.types.js';

export const returnForRevision = (data: CommandInput<'ReturnForRevision'>): DraftEvent[] => [
  event('ReturnedForRevision', data),
];

/** In `submitted` the UBND meeting moves; in `tabled` the resolution goes to a later session. */
export function postpone(data: CommandInput<'Postpone'>, s: Draft): DraftEvent[] {
  const { meetingDate, sessionDate, reason } = data;
  if (s.stage === 'tabled') {
    if (sessionDate === undefined)
      throw new GuardViolation('postponing a tabled resolution needs the next sessionDate', 'postpone_date');
    return [event('Postponed', { sessionDate, reason })];
  }
  if (meetingDate === undefined)
    throw new GuardViolation('postponing a submitted draft needs the new meetingDate', 'postpone_date');
  return [event('Postponed', { meetingDate, reason })];
}

export function adopt(data: CommandInput<'Adopt'>, _s: Draft, ctx: DecisionContext): DraftEvent[] {
  const adoptedOn = data.adoptedOn ?? today(ctx);
  notInFuture(adoptedOn, ctx, 'adoption date');
  return [event('Adopted', { adoptedOn })];
}

export const approveForCouncil = (data: CommandInput<'ApproveForCouncil'>): DraftEvent[] => [
  event('ApprovedForCouncil', data),
];

export const submitToCouncil = (data: CommandInput<'SubmitToCouncil'>): DraftEvent[] => [
  event('SubmittedToCouncil', data),
];

export const recordVerification = (data: CommandInput<'RecordVerification'>): DraftEvent[] => [
  event('VerificationRecorded', data),
];

export const table = (data: CommandInput<'Table'>): DraftEvent[] => [event('Tabled', data)];

export const reject = (data: CommandInput<'Reject'>): DraftEvent[] => [event('Rejected', data)];
