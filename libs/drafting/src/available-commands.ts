// The commands an actor may run now, for the UI: decide with the smallest valid input of each
// command, so the answer can never disagree with decide.
import { COMMAND_NAMES, type CommandName } from './command-names.js';
import type { DraftCommand } from './commands.schema.js';
import { addDays, yearOf } from './dates.js';
import { today } from './decision-context.js';
import { documentNumberFormat } from './document-number.js';
import { DomainError } from './domain.errors.js';
import { decide } from './draft.decide.js';
import type { Draft } from './draft.types.js';
import { rulesAt } from './regime.rules.js';
import type { Actor } from './roles.js';

/** A valid input for the command on this draft on `day`; input-dependent guards then pass. */
function sampleCommand(name: Exclude<CommandName, 'AssignDraft'>, s: Draft, day: string): DraftCommand {
  const reason = 'available?';
  const wait = s.procedure === 'simplified' ? 0 : rulesAt(day).effectiveAfterSigningDays;
  const signed = { documentNumber: documentNumberFormat(s.kind, yearOf(day), 1), signingDate: day };
  const issued = { ...signed, effectiveDate: addDays(day, wait) };
  switch (name) {
    case 'RecordRevision':
      return { type: name, data: { summary: reason } };
    case 'ReturnDossier':
    case 'ReturnForRevision':
    case 'Reject':
    case 'Withdraw':
      return { type: name, data: { reason } };
    case 'RecordAppraisal':
      return { type: name, data: { outcome: 'fit', reportNumber: reason, reportDate: day } };
    case 'Postpone':
      return { type: name, data: s.stage === 'tabled' ? { sessionDate: day } : { meetingDate: day } };
    case 'Table':
      return { type: name, data: { sessionDate: day } };
    case 'Issue':
    case 'Certify':
      return { type: name, data: issued };
    case 'RecordPublication':
      return { type: name, data: { publishedOn: day } };
    default:
      return { type: name, data: {} };
  }
}

/**
 * The commands this actor may run on the draft at `now`: its role permits them, the stage
 * allows them, and their guards pass (input-dependent guards are assumed to pass).
 */
export function availableCommands(state: Draft, actor: Actor, now: string): CommandName[] {
  const ctx = { documentId: state.id, actor, now };
  const day = today(ctx);
  return COMMAND_NAMES.filter(
    (name): name is Exclude<CommandName, 'AssignDraft'> => name !== 'AssignDraft',
  ).filter((name) => {
    try {
      return decide(sampleCommand(name, state, day), state, ctx).length > 0;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  });
}
