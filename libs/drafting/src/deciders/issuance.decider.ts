import type { CommandInput } from '../commands.schema.js';
import { addDays, yearOf } from '../dates.js';
import { type DecisionContext, notInFuture } from '../decision-context.js';
import { parseDocumentNumber, SUFFIX_BY_KIND } from '../document-number.js';
import { GuardViolation } from '../domain.errors.js';
import { event, type DraftEvent } from '../draft.events.js';
import type { Draft } from '../draft.types.js';
import { rulesAt } from '../regime.rules.js';

/** Art 8: the number's suffix names the issuer and its year is the signing year. */
function checkNumber(number: string, s: Draft, signingDate: string): void {
  const parsed = parseDocumentNumber(number);
  if (!parsed)
    throw new GuardViolation(
      `${number} is not a document number like 08/2023/QĐ-UBND`,
      'document_number_format',
    );
  if (parsed.suffix !== SUFFIX_BY_KIND[s.kind])
    throw new GuardViolation(`a ${s.kind} is numbered …/${SUFFIX_BY_KIND[s.kind]}`, 'document_number_kind');
  if (parsed.year !== yearOf(signingDate))
    throw new GuardViolation(
      `the number's year must be the signing year ${yearOf(signingDate)}`,
      'document_number_year',
    );
}

/** Art 151: in force no earlier than N days after signing, or on signing if simplified. */
function checkEffectiveDate(s: Draft, signingDate: string, effectiveDate: string): void {
  const days = s.procedure === 'simplified' ? 0 : rulesAt(signingDate).effectiveAfterSigningDays;
  const earliest = addDays(signingDate, days);
  if (effectiveDate < earliest)
    throw new GuardViolation(`the effective date may not be before ${earliest}`, 'effective_date');
}

/** Issue (decisions) and Certify (resolutions): sign, number, and set the effective date. */
export function issue(data: CommandInput<'Issue'>, s: Draft, ctx: DecisionContext): DraftEvent[] {
  const { signingDate, effectiveDate } = data;
  const documentNumber = data.documentNumber.normalize('NFC');
  notInFuture(signingDate, ctx, 'signing date');
  if (s.adoptedOn !== undefined && signingDate < s.adoptedOn)
    throw new GuardViolation(`signing may not precede adoption on ${s.adoptedOn}`, 'signing_date');
  checkNumber(documentNumber, s, signingDate);
  checkEffectiveDate(s, signingDate, effectiveDate);
  return [event('Issued', { documentNumber, signingDate, effectiveDate })];
}

export function recordPublication(data: CommandInput<'RecordPublication'>, s: Draft, ctx: DecisionContext) {
  notInFuture(data.publishedOn, ctx, 'publication date');
  if (s.signingDate !== undefined && data.publishedOn < s.signingDate)
    throw new GuardViolation('a document cannot be published before it is signed', 'publication_date');
  return [event('PublicationRecorded', data)];
}

export const withdraw = (data: CommandInput<'Withdraw'>, s: Draft): DraftEvent[] => [
  event('Withdrawn', { reason: data.reason, fromStage: s.stage }),
];
