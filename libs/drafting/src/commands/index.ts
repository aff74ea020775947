// The drafting commands, one file each. A new command is a new file here and one line in
// COMMANDS; the names, routes, schemas, grants, labels, deciders and samples follow from it.
import { AcceptDossier } from './accept-dossier.command.js';
import { Adopt } from './adopt.command.js';
import { ApproveForCouncil } from './approve-for-council.command.js';
import { AssignDraft } from './assign-draft.command.js';
import { commandCatalog, type CommandIn, type InputOf } from './catalog.js';
import { Certify } from './certify.command.js';
import { ChangeRegime } from './change-regime.command.js';
import { CloseConsultation } from './close-consultation.command.js';
import { Issue } from './issue.command.js';
import { OpenConsultation } from './open-consultation.command.js';
import { Postpone } from './postpone.command.js';
import { RecordAppraisal } from './record-appraisal.command.js';
import { RecordDepartmentOpinion } from './record-department-opinion.command.js';
import { RecordPublication } from './record-publication.command.js';
import { RecordRevision } from './record-revision.command.js';
import { RecordVerification } from './record-verification.command.js';
import { Reject } from './reject.command.js';
import { ReturnDossier } from './return-dossier.command.js';
import { ReturnForRevision } from './return-for-revision.command.js';
import { SendForAppraisal } from './send-for-appraisal.command.js';
import { SetMeetingDate } from './set-meeting-date.command.js';
import { StartDrafting } from './start-drafting.command.js';
import { SubmitToCouncil } from './submit-to-council.command.js';
import { Submit } from './submit.command.js';
import { Table } from './table.command.js';
import { Withdraw } from './withdraw.command.js';

/** Every drafting command, in the order the lifecycle meets them (lists and the UI keep it). */
export const COMMANDS = [
  AssignDraft,
  StartDrafting,
  SetMeetingDate,
  OpenConsultation,
  RecordDepartmentOpinion,
  CloseConsultation,
  RecordRevision,
  SendForAppraisal,
  AcceptDossier,
  ReturnDossier,
  RecordAppraisal,
  Submit,
  ReturnForRevision,
  Postpone,
  Adopt,
  ApproveForCouncil,
  SubmitToCouncil,
  RecordVerification,
  Table,
  Reject,
  Issue,
  Certify,
  RecordPublication,
  ChangeRegime,
  Withdraw,
] as const;

export type DraftCommandDefinition = (typeof COMMANDS)[number];
export type CommandName = DraftCommandDefinition['name'];
/** The validated body of command K. */
export type CommandInput<K extends CommandName> = InputOf<DraftCommandDefinition, K>;
/** Any drafting command with its validated body. */
export type DraftCommand = CommandIn<DraftCommandDefinition>;
/** The command of type K. */
export type CommandOf<K extends CommandName> = Extract<DraftCommand, { type: K }>;

export const DRAFT_COMMANDS = commandCatalog(COMMANDS);

export const COMMAND_NAMES = DRAFT_COMMANDS.names;
/** Body schema of every command, keyed by command name. */
export const commandSchemas = DRAFT_COMMANDS.schemas;
export const GRANTS = DRAFT_COMMANDS.grants;
export const COMMAND_LABELS = DRAFT_COMMANDS.labels;
/** 'send-for-appraisal' -> 'SendForAppraisal'; undefined for anything else. */
export const commandFromKebab = DRAFT_COMMANDS.fromKebab;
/** Every role that may run the command on some document. */
export const rolesFor = DRAFT_COMMANDS.rolesFor;

export { kebabCase, commandCatalog, type CommandCatalog, type CommandIn, type InputOf } from './catalog.js';
export * from './define-command.js';
