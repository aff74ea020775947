// decide: refuse in a fixed order — not found (404), role (403), stage or kind (409), then the
// command's guards (409) — and otherwise return the events the command records.
import { effectiveRoles } from './access.policy.js';
import type { CommandName } from './command-names.js';
import type { CommandInput, DraftCommand } from './commands.schema.js';
import type { DecisionContext } from './decision-context.js';
import {
  adopt,
  approveForCouncil,
  postpone,
  recordVerification,
  reject,
  returnForRevision,
  submitToCouncil,
  table,
} from './deciders/adoption.decider.js';
import { recordAppraisal, returnDossier, sendForAppraisal, submit } from './deciders/appraisal.decider.js';
import {
  assignDraft,
  closeConsultation,
  openConsultation,
  recordRevision,
  startDrafting,
} from './deciders/drafting.decider.js';
import { issue, recordPublication, withdraw } from './deciders/issuance.decider.js';
import { DocumentAlreadyExists, DocumentNotFound, Forbidden, IllegalTransition } from './domain.errors.js';
import type { DraftEvent } from './draft.events.js';
import type { Draft, DraftState } from './draft.types.js';
import { grantFor, rolesFor } from './transitions.table.js';

type Decider<K extends CommandName> = (
  data: CommandInput<K>,
  state: Draft,
  ctx: DecisionContext,
) => DraftEvent[];

const DECIDERS: { [K in Exclude<CommandName, 'AssignDraft'>]: Decider<K> } = {
  StartDrafting: startDrafting,
  OpenConsultation: openConsultation,
  CloseConsultation: closeConsultation,
  RecordRevision: recordRevision,
  SendForAppraisal: sendForAppraisal,
  ReturnDossier: returnDossier,
  RecordAppraisal: recordAppraisal,
  Submit: submit,
  ReturnForRevision: returnForRevision,
  Postpone: postpone,
  Adopt: adopt,
  ApproveForCouncil: approveForCouncil,
  SubmitToCouncil: submitToCouncil,
  RecordVerification: recordVerification,
  Table: table,
  Reject: reject,
  Issue: issue,
  Certify: issue,
  RecordPublication: recordPublication,
  Withdraw: withdraw,
};

/** Throws Forbidden unless the actor holds a role that may run the command on this document. */
function checkRole(command: CommandName, state: DraftState, ctx: DecisionContext): void {
  const allowed = rolesFor(command);
  if (!effectiveRoles(ctx.actor, state).some((r) => allowed.includes(r))) throw new Forbidden(command);
}

/** Throws IllegalTransition unless one of the actor's roles may run the command from this stage. */
function checkStage(command: CommandName, state: Draft, ctx: DecisionContext): void {
  if (effectiveRoles(ctx.actor, state).some((r) => grantFor(command, r, state) !== undefined)) return;
  const closed = state.stage === 'withdrawn' || state.stage === 'published';
  throw new IllegalTransition(state.stage, command, closed ? `the document is ${state.stage}` : undefined);
}

/**
 * The events a command records on a draft, or a DomainError explaining the refusal. Never
 * returns [] for a refusal. The command's data is assumed to have passed its schema.
 */
export function decide(command: DraftCommand, state: DraftState, ctx: DecisionContext): DraftEvent[] {
  if (state === undefined && command.type !== 'AssignDraft') throw new DocumentNotFound(ctx.documentId);
  checkRole(command.type, state, ctx);
  if (command.type === 'AssignDraft') {
    if (state !== undefined) throw new DocumentAlreadyExists(ctx.documentId);
    return assignDraft(command.data, ctx);
  }
  const draft = state!;
  checkStage(command.type, draft, ctx);
  // The union of deciders cannot be called with the union of inputs; the command's type keys both.
  const run = DECIDERS[command.type] as unknown as Decider<CommandName>;
  return run(command.data, draft, ctx);
}
