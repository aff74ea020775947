import { z } from 'zod';
import { addDays, yearOf } from '../dates.js';
import { type DecisionContext, notInFuture } from '../decision-context.js';
import { documentNumberFormat, parseDocumentNumber, SUFFIX_BY_KIND } from '../document-number.js';
import { GuardViolation } from '../domain.errors.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { AdoptedDraft } from '../draft.types.js';
import { isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { rulesAt } from '../regime.rules.js';
import { defineCommand } from './define-command.js';
import { COMMITTEE, DECISION } from './grants.js';

/** The body of Issue and Certify: the number, the signing date and the date it takes effect. */
export const issuance = z.strictObject({
  documentNumber: text(NUMBER_MAX),
  signingDate: isoDate,
  effectiveDate: isoDate,
});

/** Art 8: the number's suffix names the issuer and its year is the signing year. */
function checkNumber(number: string, draft: AdoptedDraft, signingDate: string): void {
  const parsed = parseDocumentNumber(number);
  if (!parsed)
    throw new GuardViolation(
      `${number} is not a document number like 08/2023/QĐ-UBND`,
      'document_number_format',
    );
  const suffix = SUFFIX_BY_KIND[draft.kind];
  if (parsed.suffix !== suffix)
    throw new GuardViolation(`a ${draft.kind} is numbered …/${suffix}`, 'document_number_kind');
  if (parsed.year !== yearOf(signingDate))
    throw new GuardViolation(
      `the number's year must be the signing year ${yearOf(signingDate)}`,
      'document_number_year',
    );
}

/** Art 151: in force no earlier than N days after signing, or on signing if simplified. */
function checkEffectiveDate(draft: AdoptedDraft, signingDate: string, effectiveDate: string): void {
  const earliest = addDays(signingDate, waitAfterSigning(draft, signingDate));
  if (effectiveDate < earliest)
    throw new GuardViolation(`the effective date may not be before ${earliest}`, 'effective_date');
}

const waitAfterSigning = (draft: AdoptedDraft, signingDate: string) =>
  draft.procedure === 'simplified' ? 0 : rulesAt(signingDate).effectiveAfterSigningDays;

/** Signs, numbers and dates the entry into force of an adopted document (Issue and Certify). */
export function decideIssuance(
  data: z.output<typeof issuance>,
  draft: AdoptedDraft,
  ctx: DecisionContext,
): DraftEvent[] {
  const { signingDate, effectiveDate } = data;
  const documentNumber = data.documentNumber.normalize('NFC');
  notInFuture(signingDate, ctx, 'signing date');
  if (signingDate < draft.adoptedOn)
    throw new GuardViolation(`signing may not precede adoption on ${draft.adoptedOn}`, 'signing_date');
  checkNumber(documentNumber, draft, signingDate);
  checkEffectiveDate(draft, signingDate, effectiveDate);
  return [event('Issued', { documentNumber, signingDate, effectiveDate })];
}

/** The first number of the signing year, signed on `day`, in force as early as the law allows. */
export const sampleIssuance = (draft: AdoptedDraft, day: string) => ({
  documentNumber: documentNumberFormat(draft.kind, yearOf(day), 1),
  signingDate: day,
  effectiveDate: addDays(day, waitAfterSigning(draft, day)),
});

/** The UBND chair signs and numbers an adopted decision. */
export const Issue = defineCommand({
  name: 'Issue',
  input: issuance,
  grants: [{ roles: COMMITTEE, from: ['adopted'], kinds: DECISION }],
  labels: { vi: 'Ký ban hành', en: 'Issue' },
  decide: decideIssuance,
  sample: sampleIssuance,
});
