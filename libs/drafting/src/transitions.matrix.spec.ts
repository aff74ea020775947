// Every (stage × command × role) triple, against an expectation table written here as data and
// independent of the grants in commands/*.command.ts: each either records ≥1 event or throws
// exactly the error this table predicts. The table is the grants written a second time on
// purpose, so a new command needs a row in EXPECTED (a compile error until it has one).
import type { AnyCommandDefinition } from './commands/define-command.js';
import { COMMAND_NAMES, DRAFT_COMMANDS, type CommandName, type DraftCommand } from './commands/index.js';
import { decide } from './draft.decide.js';
import { replay } from './draft.evolve.js';
import {
  DocumentAlreadyExists,
  DocumentNotFound,
  Forbidden,
  GuardViolation,
  IllegalTransition,
} from './domain.errors.js';
import type { DocumentKind, Draft, Procedure, Stage } from './draft.types.js';
import { actor, AGENCY, ctxAt, historyTo, OTHER_AGENCY } from './testing/fixtures.js';
import type { Role } from './roles.js';

type Allowed = { roles: Role[]; from: Stage[]; kinds?: DocumentKind[]; procedures?: Procedure[] };
const D: DocumentKind[] = ['committee_decision'];
const R: DocumentKind[] = ['council_resolution'];
const C: DocumentKind[] = ['chair_decision'];
/** What a UBND meeting deals with: not the Chair's own decisions. */
const DR: DocumentKind[] = [...D, ...R];
const DRAFTING: Role[] = ['drafter', 'drafting_lead'];
const OPEN: Stage[] = [
  'planned',
  'drafting',
  'consulting',
  'revising',
  'in_appraisal',
  'appraised',
  'submitted',
  'committee_approved',
  'under_verification',
  'verified',
  'tabled',
];

const EXPECTED: Record<CommandName, Allowed[]> = {
  AssignDraft: [{ roles: ['committee_office'], from: [] }],
  StartDrafting: [{ roles: DRAFTING, from: ['planned'] }],
  OpenConsultation: [{ roles: DRAFTING, from: ['drafting', 'revising'] }],
  // The four departments a Chair's decision must be sent to (Decree 187/2025 Art 51a).
  RecordDepartmentOpinion: [{ roles: DRAFTING, from: ['consulting'], kinds: C }],
  CloseConsultation: [{ roles: DRAFTING, from: ['consulting'] }],
  RecordRevision: [{ roles: DRAFTING, from: ['drafting', 'consulting', 'revising', 'appraised'] }],
  SendForAppraisal: [{ roles: ['drafting_lead'], from: ['drafting', 'revising', 'appraised'] }],
  // The Department of Justice accepts the dossier as complete, or returns it (lifecycle.md, dossier_check).
  AcceptDossier: [{ roles: ['appraiser'], from: ['in_appraisal'] }],
  ReturnDossier: [{ roles: ['appraiser'], from: ['in_appraisal'] }],
  RecordAppraisal: [{ roles: ['appraiser'], from: ['in_appraisal'] }],
  // Never without appraisal, simplified or not (lifecycle.md, "Guards").
  Submit: [{ roles: ['drafting_lead'], from: ['appraised'] }],
  ReturnForRevision: [{ roles: ['committee_office'], from: ['submitted'] }],
  Postpone: [
    { roles: ['committee_office'], from: ['submitted'], kinds: DR },
    { roles: ['council_office'], from: ['tabled'], kinds: R },
  ],
  Adopt: [
    { roles: ['committee_office'], from: ['submitted'], kinds: D },
    { roles: ['council_office'], from: ['tabled'], kinds: R },
  ],
  ApproveForCouncil: [{ roles: ['committee_office'], from: ['submitted'], kinds: R }],
  SubmitToCouncil: [{ roles: ['committee_office'], from: ['committee_approved'], kinds: R }],
  RecordVerification: [{ roles: ['council_office'], from: ['under_verification'], kinds: R }],
  Table: [{ roles: ['council_office'], from: ['verified'], kinds: R }],
  Reject: [{ roles: ['council_office'], from: ['tabled'], kinds: R }],
  // The Chair signs a submitted decision of its own: no adoption.
  Issue: [
    { roles: ['committee_office'], from: ['adopted'], kinds: D },
    { roles: ['committee_office'], from: ['submitted'], kinds: C },
  ],
  Certify: [{ roles: ['council_office'], from: ['adopted'], kinds: R }],
  RecordPublication: [{ roles: ['committee_office'], from: ['issued'] }],
  SetMeetingDate: [
    {
      roles: ['committee_office', 'drafting_lead'],
      from: ['planned', 'drafting', 'consulting', 'revising', 'in_appraisal', 'appraised'],
      kinds: DR,
    },
  ],
  ChangeRegime: [{ roles: ['committee_office'], from: OPEN, kinds: DR }],
  Withdraw: [{ roles: ['drafting_lead'], from: OPEN }],
};

/** Triples a role and stage allow but whose guard refuses with these representative inputs. */
const GUARD_REFUSES: { command: CommandName; stage: Stage; procedure: Procedure; kind?: DocumentKind }[] = [
  // A standard draft in `drafting` was never consulted on.
  { command: 'SendForAppraisal', stage: 'drafting', procedure: 'standard' },
  // A Chair's decision, simplified or not, is consulted on first (the four departments).
  { command: 'SendForAppraisal', stage: 'drafting', procedure: 'simplified', kind: 'chair_decision' },
];

const ROLES: Role[] = [
  'drafter',
  'drafting_lead',
  'appraiser',
  'committee_office',
  'council_office',
  'inspector',
  'admin',
];
const DAY = '2019-06-01';

/** The command with its definition's sample body for this draft (a planned one when there is none). */
function input(command: CommandName, draft: Draft): DraftCommand {
  const def: AnyCommandDefinition = DRAFT_COMMANDS.definitions[command];
  const body = def.creates ? def.sample(DAY) : def.sample(draft as never, DAY);
  return { type: command, data: def.input.parse(body) } as DraftCommand;
}

type Outcome =
  | 'ok'
  | typeof Forbidden
  | typeof IllegalTransition
  | typeof GuardViolation
  | typeof DocumentAlreadyExists
  | typeof DocumentNotFound;

function expected(
  command: CommandName,
  role: Role,
  sameAgency: boolean,
  doc: { stage: Stage; kind: DocumentKind; procedure: Procedure } | undefined,
): Outcome {
  if (doc === undefined && command !== 'AssignDraft') return DocumentNotFound;
  const agencyCounts = sameAgency || !DRAFTING.includes(role);
  if (!agencyCounts || !EXPECTED[command].some((a) => a.roles.includes(role))) return Forbidden;
  if (doc === undefined) return 'ok';
  if (command === 'AssignDraft') return DocumentAlreadyExists;
  const allowed = EXPECTED[command].some(
    (a) =>
      a.roles.includes(role) &&
      a.from.includes(doc.stage) &&
      (a.kinds ?? [doc.kind]).includes(doc.kind) &&
      (a.procedures ?? [doc.procedure]).includes(doc.procedure),
  );
  if (!allowed) return IllegalTransition;
  const guarded = GUARD_REFUSES.some(
    (g) =>
      g.command === command &&
      g.stage === doc.stage &&
      g.procedure === doc.procedure &&
      (g.kind ?? doc.kind) === doc.kind,
  );
  return guarded ? GuardViolation : 'ok';
}

function actual(
  command: DraftCommand,
  events: ReturnType<typeof historyTo>,
  role: Role,
  agency: string,
): Outcome | string {
  try {
    const out = decide(command, replay(events), ctxAt(actor(role, agency), DAY));
    return out.length > 0 ? 'ok' : 'returned no events';
  } catch (e) {
    return (e as object).constructor as Outcome;
  }
}

const name = (o: Outcome | string) => (typeof o === 'string' ? o : o.name);
const DECISION_STAGES: Stage[] = [...OPEN.slice(0, 7), 'adopted', 'issued', 'published', 'withdrawn'];
const RESOLUTION_STAGES: Stage[] = [...OPEN, 'adopted', 'issued', 'published', 'withdrawn'];
const CHAIR_STAGES: Stage[] = [...OPEN.slice(0, 7), 'issued', 'published', 'withdrawn'];
const CASES = (['standard', 'simplified'] as Procedure[]).flatMap((procedure) => [
  ...DECISION_STAGES.map((stage) => ({ kind: D[0], stage, procedure })),
  ...RESOLUTION_STAGES.map((stage) => ({ kind: R[0], stage, procedure })),
  ...CHAIR_STAGES.map((stage) => ({ kind: C[0], stage, procedure })),
]);

describe.each(CASES)('a $procedure $kind in $stage', ({ kind, stage, procedure }) => {
  // In simplified histories the standard path is replayed as is: the procedure only changes guards.
  const events = historyTo(stage, kind, procedure);
  it.each([...COMMAND_NAMES])('%s: each role gets what the table says', (command) => {
    const mismatches: string[] = [];
    for (const role of ROLES)
      for (const agency of [AGENCY, OTHER_AGENCY]) {
        const want = expected(command, role, agency === AGENCY, { stage, kind, procedure });
        const got = actual(input(command, replay(events) as Draft), events, role, agency);
        if (got !== want) mismatches.push(`${role}@${agency}: expected ${name(want)}, got ${name(got)}`);
      }
    expect(mismatches).toEqual([]);
  });
});

describe('a stream that does not exist', () => {
  it.each([...COMMAND_NAMES])('%s: each role gets what the table says', (command) => {
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const want = expected(command, role, true, undefined);
      const planned = replay(historyTo('planned', 'committee_decision')) as Draft;
      const got = actual(input(command, planned), [], role, AGENCY);
      if (got !== want) mismatches.push(`${role}: expected ${name(want)}, got ${name(got)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
