// Art 10(3)(c) of the 2015 law: `<sequence>/<year>/QĐ-UBND` for decisions, `<sequence>/<year>/NQ-HĐND`
// for resolutions; the sequence runs from 01 each year per issuer (Decree 34/2016 Art 58).
import type { DocumentKind } from './draft.types.js';

export type DocumentNumberSuffix = 'QĐ-UBND' | 'NQ-HĐND' | 'QĐ-CTUBND';

export interface DocumentNumber {
  sequence: number;
  year: number;
  suffix: DocumentNumberSuffix;
}

export const SUFFIX_BY_KIND: Readonly<Record<DocumentKind, DocumentNumberSuffix>> = {
  committee_decision: 'QĐ-UBND',
  council_resolution: 'NQ-HĐND',
  // Decree 187/2025 Art 51a (the suffix is unverified): the Chair numbers apart from the UBND.
  chair_decision: 'QĐ-CTUBND',
};

// The canonical spelling only (sequence at least two digits, no extra leading zeros), so that
// one number cannot be reserved twice under two spellings.
const PATTERN = /^(0[1-9]|[1-9]\d+)\/(\d{4})\/(QĐ-UBND|NQ-HĐND|QĐ-CTUBND)$/;

/** The number of the `sequence`-th document of `kind` in `year`, e.g. '08/2023/QĐ-UBND'. */
export function documentNumberFormat(kind: DocumentKind, year: number, sequence: number): string {
  return `${String(sequence).padStart(2, '0')}/${year}/${SUFFIX_BY_KIND[kind]}`;
}

/** The parts of a canonical document number (NFC), or undefined if it is not one. */
export function parseDocumentNumber(number: string): DocumentNumber | undefined {
  const m = PATTERN.exec(number.normalize('NFC'));
  if (!m) return undefined;
  return { sequence: Number(m[1]), year: Number(m[2]), suffix: m[3] as DocumentNumberSuffix };
}

const KIND_BY_SUFFIX = Object.fromEntries(
  Object.entries(SUFFIX_BY_KIND).map(([kind, suffix]) => [suffix, kind]),
) as Record<DocumentNumberSuffix, DocumentKind>;

export const kindOfSuffix = (suffix: DocumentNumberSuffix): DocumentKind => KIND_BY_SUFFIX[suffix];
