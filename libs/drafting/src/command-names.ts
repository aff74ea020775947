export const COMMAND_NAMES = [
  'AssignDraft',
  'StartDrafting',
  'OpenConsultation',
  'CloseConsultation',
  'RecordRevision',
  'SendForAppraisal',
  'ReturnDossier',
  'RecordAppraisal',
  'Submit',
  'ReturnForRevision',
  'Postpone',
  'Adopt',
  'ApproveForCouncil',
  'SubmitToCouncil',
  'RecordVerification',
  'Table',
  'Reject',
  'Issue',
  'Certify',
  'RecordPublication',
  'Withdraw',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** 'SendForAppraisal' -> 'send-for-appraisal' (the command's URL segment). */
export function kebabCase(name: CommandName): string {
  return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase());
}

const BY_KEBAB: ReadonlyMap<string, CommandName> = new Map(COMMAND_NAMES.map((n) => [kebabCase(n), n]));

/** 'send-for-appraisal' -> 'SendForAppraisal'; undefined for anything else. */
export function commandFromKebab(s: string): CommandName | undefined {
  return BY_KEBAB.get(s);
}
