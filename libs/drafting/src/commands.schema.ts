// The HTTP body of each command. Strict objects: an unknown key is a 400, not silently dropped.
import { z } from 'zod';
import type { CommandName } from './command-names.js';
import { DOCUMENT_KINDS, ORIGINS, PROCEDURES } from './draft.types.js';
import {
  agencySlug,
  isoDate,
  isoMonth,
  NUMBER_MAX,
  REASON_MAX,
  SUMMARY_MAX,
  text,
  TITLE_MAX,
} from './input.schema.js';

const reason = text(REASON_MAX);
const optionalReason = z.strictObject({ reason: reason.optional() });

const assignDraft = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS),
    title: text(TITLE_MAX),
    agency: agencySlug,
    procedure: z.enum(PROCEDURES),
    origin: z.enum(ORIGINS),
    year: z.number().int().min(2000).max(2100),
    plannedMonth: isoMonth.optional(),
    meetingDate: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.origin === 'programme' && v.plannedMonth === undefined)
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'required for a programme draft' });
    if (v.origin === 'additional' && v.plannedMonth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'only a programme draft has one' });
    if (v.plannedMonth !== undefined && !v.plannedMonth.startsWith(`${v.year}-`))
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'must be a month of `year`' });
  });

const postpone = z
  .strictObject({
    meetingDate: isoDate.optional(),
    sessionDate: isoDate.optional(),
    reason: reason.optional(),
  })
  .refine((v) => (v.meetingDate === undefined) !== (v.sessionDate === undefined), {
    message: 'give exactly one of meetingDate (UBND meeting) or sessionDate (HĐND session)',
  });

const issue = z.strictObject({
  documentNumber: text(NUMBER_MAX),
  signingDate: isoDate,
  effectiveDate: isoDate,
});

/** Body schema of every command, keyed by command name. */
export const commandSchemas = {
  AssignDraft: assignDraft,
  StartDrafting: optionalReason,
  OpenConsultation: z.strictObject({ postedAt: isoDate.optional() }),
  CloseConsultation: optionalReason,
  RecordRevision: z.strictObject({ summary: text(SUMMARY_MAX), reason: reason.optional() }),
  SendForAppraisal: z.strictObject({ meetingDate: isoDate.optional() }),
  ReturnDossier: z.strictObject({ reason }),
  RecordAppraisal: z.strictObject({
    outcome: z.enum(['fit', 'not_fit']),
    reportNumber: text(NUMBER_MAX),
    reportDate: isoDate,
  }),
  Submit: optionalReason,
  ReturnForRevision: z.strictObject({ reason }),
  Postpone: postpone,
  Adopt: z.strictObject({ adoptedOn: isoDate.optional() }),
  ApproveForCouncil: z.strictObject({ sessionDate: isoDate.optional() }),
  SubmitToCouncil: optionalReason,
  RecordVerification: z.strictObject({
    reportNumber: text(NUMBER_MAX).optional(),
    summary: text(SUMMARY_MAX).optional(),
  }),
  Table: z.strictObject({ sessionDate: isoDate }),
  Reject: z.strictObject({ reason }),
  Issue: issue,
  Certify: issue,
  RecordPublication: z.strictObject({ gazetteIssue: text(NUMBER_MAX).optional(), publishedOn: isoDate }),
  Withdraw: z.strictObject({ reason }),
} satisfies Record<CommandName, z.ZodObject>;

export type CommandInput<K extends CommandName> = z.output<(typeof commandSchemas)[K]>;

export type DraftCommand = { [K in CommandName]: { type: K; data: CommandInput<K> } }[CommandName];

/** The command of type K. */
export type CommandOf<K extends CommandName> = Extract<DraftCommand, { type: K }>;
