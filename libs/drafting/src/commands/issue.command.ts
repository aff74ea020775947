import { z } from 'zod';
import { addDays } from '../dates.js';
import type { DecisionContext } from '../decision-context.js';
import { documentNumberFormat, parseDocumentNumber, SUFFIX_BY_KIND } from '../document-number.js';
import { GuardViolation } from '../domain.errors.js';
import { numberingYear } from '../number-registry.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { AdoptedDraft, SubmittedDraft } from '../draft.types.js';
import { businessDate, isoDate, NUMBER_MAX, text } from '../input.schema.js';
import { rulesAt } from '../regime.rules.js';
import { defineCommand } from './define-command.js';
import { CHAIR_DECISION, COMMITTEE, DECISION } from './grants.js';

/** A document ready to be signed: adopted, or a Chair's decision submitted to the Chair. */
type Signable = AdoptedDraft | SubmittedDraft;

/** The body of Issue and Certify: the number, the signing date and the date it takes effect. */
export const issuance = z.strictObject({
  occurredOn: businessDate,
  documentNumber: text(NUMBER_MAX),
  signingDate: isoDate,
  effectiveDate: isoDate,
});

/**
 * The year in a document's number: the year of the document's date, which is its signing date for
 * a decision and its adoption date for a resolution (lifecycle.md after Art 10(3)(c); unverified).
 */
export const numberYear = (draft: Signable, signingDate: string): number =>
  // (Samples are also asked of drafts not yet adopted: they fall back to the signing year.)
  numberingYear(draft, signingDate);

/** Art 10(3)(c) of the 2015 law: the number's suffix names the issuer, its year the document's date. */
function checkNumber(number: string, draft: Signable, signingDate: string): void {
  const parsed = parseDocumentNumber(number);
  if (!parsed)
    throw new GuardViolation(
      `${number} is not a document number like 08/2023/QĐ-UBND`,
      'document_number_format',
    );
  const suffix = SUFFIX_BY_KIND[draft.kind];
  if (parsed.suffix !== suffix)
    throw new GuardViolation(`a ${draft.kind} is numbered …/${suffix}`, 'document_number_kind');
  const year = numberYear(draft, signingDate);
  if (parsed.year !== year)
    throw new GuardViolation(
      draft.kind === 'council_resolution'
        ? `the number's year must be the adoption year ${year}`
        : `the number's year must be the signing year ${year}`,
      'document_number_year',
    );
}

/** Art 151: in force no earlier than N days after signing, or on signing if simplified. */
function checkEffectiveDate(draft: Signable, signingDate: string, effectiveDate: string): void {
  const earliest = addDays(signingDate, waitAfterSigning(draft, signingDate));
  if (effectiveDate < earliest)
    throw new GuardViolation(`the effective date may not be before ${earliest}`, 'effective_date');
}

const waitAfterSigning = (draft: Signable, signingDate: string) =>
  draft.procedure === 'simplified' ? 0 : rulesAt(signingDate).effectiveAfterSigningDays;

/** Signs, numbers and dates the entry into force of an adopted document (Issue and Certify). */
export function decideIssuance(
  data: z.output<typeof issuance>,
  draft: Signable,
  _ctx: DecisionContext,
): DraftEvent[] {
  const { signingDate, effectiveDate } = data;
  const documentNumber = data.documentNumber.normalize('NFC');
  // (A Chair's decision is signed after its submission: the business-date rule checks that.)
  if (draft.adoptedOn !== undefined && signingDate < draft.adoptedOn)
    throw new GuardViolation(`signing may not precede adoption on ${draft.adoptedOn}`, 'signing_date');
  checkNumber(documentNumber, draft, signingDate);
  checkEffectiveDate(draft, signingDate, effectiveDate);
  return [event('Issued', { documentNumber, signingDate, effectiveDate })];
}

/**
 * The first number of the document's year, signed on `day`, in force as early as the law allows.
 * (The API proposes the next free number from the registry where the number is entered.)
 */
export const sampleIssuance = (draft: Signable, day: string) => ({
  documentNumber: documentNumberFormat(draft.kind, numberYear(draft, day), 1),
  signingDate: day,
  effectiveDate: addDays(day, waitAfterSigning(draft, day)),
});

/**
 * The UBND chair signs and numbers an adopted decision, or a decision of the Chair submitted to
 * the Chair (no collective adoption, Decree 187/2025 Art 51a); the committee office records it.
 */
export const Issue = defineCommand({
  name: 'Issue',
  input: issuance,
  grants: [
    { roles: COMMITTEE, from: ['adopted'], kinds: DECISION },
    { roles: COMMITTEE, from: ['submitted'], kinds: CHAIR_DECISION },
  ],
  labels: { vi: 'Ký ban hành', en: 'Issue' },
  dateOf: (data) => data.signingDate,
  decide: decideIssuance,
  sample: sampleIssuance,
});
