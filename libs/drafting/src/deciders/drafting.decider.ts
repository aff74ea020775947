import type { CommandInput } from '../commands.schema.js';
import { daysBetween } from '../dates.js';
import { type DecisionContext, notInFuture, today } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { Draft } from '../draft.types.js';
import { rulesAt } from '../regime.rules.js';

export const assignDraft = (data: CommandInput<'AssignDraft'>, ctx: DecisionContext): DraftEvent[] => [
  event('DraftAssigned', { documentId: ctx.documentId, ...data }),
];

export const startDrafting = (data: CommandInput<'StartDrafting'>): DraftEvent[] => [
  event('DraftingStarted', data),
];

export function openConsultation(data: CommandInput<'OpenConsultation'>, _s: Draft, ctx: DecisionContext) {
  const openedAt = data.postedAt ?? today(ctx);
  notInFuture(openedAt, ctx, 'posting date');
  return [event('ConsultationOpened', { openedAt })];
}

/** The draft must stay posted for the minimum period of the regime in force when it opened. */
export function closeConsultation(data: CommandInput<'CloseConsultation'>, s: Draft, ctx: DecisionContext) {
  const closedAt = today(ctx);
  const openedAt = s.consultation!.openedAt;
  const minimum = rulesAt(openedAt).consultationMinimumDays;
  if (s.procedure !== 'simplified' && daysBetween(openedAt, closedAt) < minimum)
    throw new GuardViolation(
      `consultation opened ${openedAt} must stay open ${minimum} days (until ${openedAt} + ${minimum})`,
      'consultation_minimum',
    );
  return [event('ConsultationClosed', { closedAt, reason: data.reason })];
}

export const recordRevision = (data: CommandInput<'RecordRevision'>, s: Draft): DraftEvent[] => [
  event('DraftRevised', { revision: s.revisionCount + 1, summary: data.summary, reason: data.reason }),
];
