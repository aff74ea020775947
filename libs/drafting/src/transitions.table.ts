// Who may run which command, from which stages, on which kinds of document: the lifecycle
// diagram and the roles table as data. Guards that need more than the stage live in deciders/.
import type { CommandName } from './command-names.js';
import { type DocumentKind, OPEN_STAGES, type Procedure, type Stage } from './draft.types.js';
import type { Role } from './roles.js';

export interface Grant {
  roles: readonly Role[];
  from: readonly Stage[];
  /** Both kinds when absent. */
  kinds?: readonly DocumentKind[];
  /** Both procedures when absent. */
  procedures?: readonly Procedure[];
}

const DRAFTERS: readonly Role[] = ['drafter', 'drafting_lead'];
const LEAD: readonly Role[] = ['drafting_lead'];
const APPRAISER: readonly Role[] = ['appraiser'];
const COMMITTEE: readonly Role[] = ['committee_office'];
const COUNCIL: readonly Role[] = ['council_office'];
const DECISION: readonly DocumentKind[] = ['committee_decision'];
const RESOLUTION: readonly DocumentKind[] = ['council_resolution'];

export const GRANTS: Readonly<Record<CommandName, readonly Grant[]>> = {
  // AssignDraft creates the stream: it has no "from" stage.
  AssignDraft: [{ roles: COMMITTEE, from: [] }],
  StartDrafting: [{ roles: DRAFTERS, from: ['planned'] }],
  OpenConsultation: [{ roles: DRAFTERS, from: ['drafting', 'revising'] }],
  CloseConsultation: [{ roles: DRAFTERS, from: ['consulting'] }],
  RecordRevision: [{ roles: DRAFTERS, from: ['drafting', 'consulting', 'revising', 'appraised'] }],
  SendForAppraisal: [{ roles: LEAD, from: ['drafting', 'revising', 'appraised'] }],
  ReturnDossier: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  RecordAppraisal: [{ roles: APPRAISER, from: ['in_appraisal'] }],
  Submit: [
    { roles: LEAD, from: ['appraised'] },
    { roles: LEAD, from: ['drafting', 'revising'], procedures: ['simplified'] },
  ],
  ReturnForRevision: [{ roles: COMMITTEE, from: ['submitted'] }],
  Postpone: [
    { roles: COMMITTEE, from: ['submitted'] },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  Adopt: [
    { roles: COMMITTEE, from: ['submitted'], kinds: DECISION },
    { roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION },
  ],
  ApproveForCouncil: [{ roles: COMMITTEE, from: ['submitted'], kinds: RESOLUTION }],
  // The roles table is silent: the People's Committee (its office) submits to the Council.
  SubmitToCouncil: [{ roles: COMMITTEE, from: ['committee_approved'], kinds: RESOLUTION }],
  RecordVerification: [{ roles: COUNCIL, from: ['under_verification'], kinds: RESOLUTION }],
  Table: [{ roles: COUNCIL, from: ['verified'], kinds: RESOLUTION }],
  Reject: [{ roles: COUNCIL, from: ['tabled'], kinds: RESOLUTION }],
  Issue: [{ roles: COMMITTEE, from: ['adopted'], kinds: DECISION }],
  Certify: [{ roles: COUNCIL, from: ['adopted'], kinds: RESOLUTION }],
  RecordPublication: [{ roles: COMMITTEE, from: ['issued'] }],
  Withdraw: [{ roles: LEAD, from: OPEN_STAGES }],
};

/** Every role that may run the command on some document. */
export const rolesFor = (command: CommandName): Role[] => [
  ...new Set(GRANTS[command].flatMap((g) => g.roles)),
];

/** The grant that lets `role` run `command` on a document in this stage, kind and procedure. */
export function grantFor(
  command: CommandName,
  role: Role,
  doc: { stage: Stage; kind: DocumentKind; procedure: Procedure },
): Grant | undefined {
  return GRANTS[command].find(
    (g) =>
      g.roles.includes(role) &&
      g.from.includes(doc.stage) &&
      (g.kinds === undefined || g.kinds.includes(doc.kind)) &&
      (g.procedures === undefined || g.procedures.includes(doc.procedure)),
  );
}
