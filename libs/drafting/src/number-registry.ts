// The document-number registry: one small stream per issuer and year, so that a number is
// never used twice. Appending to it with an expected revision serialises concurrent issues.
import { documentNumberFormat, kindOfSuffix, parseDocumentNumber } from './document-number.js';
import { DocumentNumberTaken, GuardViolation } from './domain.errors.js';
import type { DocumentKind } from './draft.types.js';

export type NumberRegistryEvent = {
  type: 'DocumentNumberReserved';
  data: { number: string; sequence: number; documentId: string };
  schemaVersion: 1;
};

export interface NumberRegistry {
  /** documentId by sequence. */
  taken: Record<number, string>;
}

export const emptyRegistry: NumberRegistry = { taken: {} };

/** The stream of the registry of `kind` documents numbered in `year`. */
export function numberRegistryStream(kind: DocumentKind, year: number): string {
  return `numbering-${kind}-${year}`;
}

/** The registry stream a document number belongs to, or undefined for a malformed number. */
export function numberRegistryStreamOf(number: string): string | undefined {
  const parsed = parseDocumentNumber(number);
  return parsed && numberRegistryStream(kindOfSuffix(parsed.suffix), parsed.year);
}

export function evolveRegistry(state: NumberRegistry, e: NumberRegistryEvent): NumberRegistry {
  return { taken: { ...state.taken, [e.data.sequence]: e.data.documentId } };
}

export const replayRegistry = (events: readonly NumberRegistryEvent[]): NumberRegistry =>
  events.reduce(evolveRegistry, emptyRegistry);

/**
 * Reserves `number` for `documentId`: [] when that document already holds it (a retry),
 * DocumentNumberTaken when another document does, GuardViolation for a malformed number.
 */
export function reserveNumber(
  registry: NumberRegistry,
  number: string,
  documentId: string,
): NumberRegistryEvent[] {
  const parsed = parseDocumentNumber(number);
  if (!parsed)
    throw new GuardViolation(
      `${number} is not a document number (Art 10(3)(c) of the 2015 law)`,
      'document_number_format',
    );
  const holder = registry.taken[parsed.sequence];
  if (holder === documentId) return [];
  if (holder !== undefined) throw new DocumentNumberTaken(number, holder);
  return [
    {
      type: 'DocumentNumberReserved',
      data: { number: number.normalize('NFC'), sequence: parsed.sequence, documentId },
      schemaVersion: 1,
    },
  ];
}

/**
 * The number after the highest one taken. Gaps are not back-filled: numbers follow the order
 * of signing, and a skipped number may have been left out on purpose.
 */
export function proposeNextNumber(registry: NumberRegistry, kind: DocumentKind, year: number): string {
  const highest = Object.keys(registry.taken).reduce((max, k) => Math.max(max, Number(k)), 0);
  return documentNumberFormat(kind, year, highest + 1);
}

/** The command that enters a document's number: Issue for a decision, Certify for a resolution. */
export const numberingCommand = (kind: DocumentKind): 'Issue' | 'Certify' =>
  kind === 'council_resolution' ? 'Certify' : 'Issue';

/**
 * The registry year of a document's number (Art 10(3)(c)): the adoption year of a resolution once
 * adopted, otherwise the year of its signing date (`signingDate`, by default today).
 */
export function numberingYear(
  draft: { kind: DocumentKind; adoptedOn?: string },
  signingDate: string,
): number {
  const date = draft.kind === 'council_resolution' ? (draft.adoptedOn ?? signingDate) : signingDate;
  return Number(date.slice(0, 4));
}
