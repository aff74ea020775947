import type { CommandInput } from '../commands.schema.js';
import { type DecisionContext, notInFuture } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { Draft } from '../draft.types.js';

/** Skipping consultation makes a standard document unlawful (Decree 154/2020): refuse it. */
export function sendForAppraisal(data: CommandInput<'SendForAppraisal'>, s: Draft): DraftEvent[] {
  if (s.procedure === 'standard' && s.consultation?.closedAt === undefined)
    throw new GuardViolation(
      'a standard draft must be consulted on before appraisal',
      'consultation_required',
    );
  return [event('SentForAppraisal', data)];
}

export const returnDossier = (data: CommandInput<'ReturnDossier'>): DraftEvent[] => [
  event('DossierReturned', data),
];

export function recordAppraisal(data: CommandInput<'RecordAppraisal'>, _s: Draft, ctx: DecisionContext) {
  notInFuture(data.reportDate, ctx, 'appraisal report date');
  return [event('AppraisalRecorded', data)];
}

/** A standard draft goes to the committee only with a `fit` appraisal and none pending. */
export function submit(data: CommandInput<'Submit'>, s: Draft): DraftEvent[] {
  if (s.procedure === 'standard' && (s.appraisal?.outcome !== 'fit' || s.appraisal.pending))
    throw new GuardViolation('submission needs a fit appraisal of the latest dossier', 'appraisal_fit');
  return [event('Submitted', data)];
}
