import { documentNumberFormat, parseDocumentNumber } from './document-number.js';
import { DocumentNumberTaken, GuardViolation } from './domain.errors.js';
import {
  emptyRegistry,
  evolveRegistry,
  numberRegistryStream,
  numberRegistryStreamOf,
  numberingCommand,
  numberingYear,
  proposeNextNumber,
  replayRegistry,
  reserveNumber,
} from './number-registry.js';

describe('document numbers (Art 10(3)(c) of the 2015 law)', () => {
  it('numbers a decision of the Chair …/QĐ-CTUBND in a registry of its own, signed by the Chair (Decree 187/2025 Art 51a)', () => {
    expect(documentNumberFormat('chair_decision', 2025, 3)).toBe('03/2025/QĐ-CTUBND');
    expect(parseDocumentNumber('03/2025/QĐ-CTUBND')).toEqual({
      sequence: 3,
      year: 2025,
      suffix: 'QĐ-CTUBND',
    });
    expect(numberRegistryStreamOf('03/2025/QĐ-CTUBND')).toBe('numbering-chair_decision-2025');
    expect(numberRegistryStreamOf('03/2025/QĐ-UBND')).toBe('numbering-committee_decision-2025');
    expect(numberingCommand('chair_decision')).toBe('Issue');
    expect(numberingYear({ kind: 'chair_decision' }, '2025-09-05')).toBe(2025);
  });
  it('formats with a two-digit minimum', () => {
    expect(documentNumberFormat('committee_decision', 2023, 8)).toBe('08/2023/QĐ-UBND');
    expect(documentNumberFormat('council_resolution', 2022, 135)).toBe('135/2022/NQ-HĐND');
  });
  it('parses canonical numbers only', () => {
    expect(parseDocumentNumber('35/2022/QĐ-UBND')).toEqual({ sequence: 35, year: 2022, suffix: 'QĐ-UBND' });
    expect(parseDocumentNumber('08/2023/NQ-HĐND')).toEqual({ sequence: 8, year: 2023, suffix: 'NQ-HĐND' });
    for (const bad of [
      '8/2023/QĐ-UBND',
      '008/2023/QĐ-UBND',
      '00/2023/QĐ-UBND',
      '08/23/QĐ-UBND',
      '08/2023/QD-UBND',
    ])
      expect(parseDocumentNumber(bad)).toBeUndefined();
  });
});

describe('the number registry', () => {
  const reserved = (sequence: number, documentId: string) =>
    reserveNumber(emptyRegistry, documentNumberFormat('committee_decision', 2019, sequence), documentId)[0];
  const registry = replayRegistry([reserved(1, 'a'), reserved(2, 'b'), reserved(5, 'c')]);

  it('has one stream per issuer and year', () => {
    expect(numberRegistryStream('committee_decision', 2019)).toBe('numbering-committee_decision-2019');
    expect(numberRegistryStreamOf('03/2019/NQ-HĐND')).toBe('numbering-council_resolution-2019');
  });
  it('reserves a free number', () => {
    expect(reserveNumber(registry, '03/2019/QĐ-UBND', 'd')).toEqual([
      {
        type: 'DocumentNumberReserved',
        data: { number: '03/2019/QĐ-UBND', sequence: 3, documentId: 'd' },
        schemaVersion: 1,
      },
    ]);
  });
  it('is idempotent for the document that holds the number', () => {
    expect(reserveNumber(registry, '02/2019/QĐ-UBND', 'b')).toEqual([]);
  });
  it('refuses a number another document holds', () => {
    expect(() => reserveNumber(registry, '02/2019/QĐ-UBND', 'd')).toThrow(DocumentNumberTaken);
  });
  it('refuses a malformed number', () => {
    expect(() => reserveNumber(registry, '2/2019/QĐ-UBND', 'd')).toThrow(GuardViolation);
  });
  it('proposes the number after the highest, leaving gaps alone', () => {
    expect(proposeNextNumber(emptyRegistry, 'committee_decision', 2019)).toBe('01/2019/QĐ-UBND');
    expect(proposeNextNumber(registry, 'committee_decision', 2019)).toBe('06/2019/QĐ-UBND');
    const more = evolveRegistry(registry, reserved(9, 'e'));
    expect(proposeNextNumber(more, 'committee_decision', 2019)).toBe('10/2019/QĐ-UBND');
  });
});

describe('the number proposed where it is entered', () => {
  it('given a decision, when it is to be signed on a date, then the year is the signing year and Issue enters it', () => {
    expect(numberingCommand('committee_decision')).toBe('Issue');
    expect(numberingYear({ kind: 'committee_decision', adoptedOn: '2019-12-30' }, '2020-01-02')).toBe(2020);
  });
  it('given a resolution adopted in one year, when it is certified in the next, then the year is the adoption year', () => {
    expect(numberingCommand('council_resolution')).toBe('Certify');
    expect(numberingYear({ kind: 'council_resolution', adoptedOn: '2019-12-30' }, '2020-01-02')).toBe(2019);
  });
  it('given a resolution not yet adopted, when asked, then the year is the signing date one', () => {
    expect(numberingYear({ kind: 'council_resolution' }, '2020-01-02')).toBe(2020);
  });
});
