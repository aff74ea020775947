import { endOfLocalDay } from './as-of.js';
import { programmeReport } from './programme-report.js';
import { csvCell, neutraliseCell, programmeReportCsv, reportFigures, toCsv } from './report.csv.js';
import { reportFold } from './report.fold.js';
import { emptyReportState } from './report.state.js';
import { draftEvents, review } from './report.testing.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['Quyết định 15/2012', 'Quyết định 15/2012'],
    ['a=b', 'a=b'],
  ])('neutralises %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });
  it('leaves numbers alone and writes null as empty', () => {
    expect(neutraliseCell(-3)).toBe('-3');
    expect(neutraliseCell(null)).toBe('');
  });
  it('quotes commas, quotes and line breaks after neutralising', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('plain')).toBe('plain');
  });
  it('writes a BOM and CRLF line ends', () => {
    expect(
      toCsv([
        ['a', 1],
        ['b', null],
      ]),
    ).toBe('\uFEFFa,1\r\nb,\r\n');
  });
});

describe('the report as CSV', () => {
  const state = [
    ...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }),
    review('r1', '2019-02-01', 'keep'),
  ].reduce(reportFold, emptyReportState());
  const report = programmeReport(state, { agency: 'so-khcn', year: 2019, asOf: endOfLocalDay('2019-08-16') });

  it('has one row per figure, with Vietnamese labels', () => {
    const csv = programmeReportCsv(report);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('figure,label,value');
    expect(lines).toContain(
      'programme.assigned,Dự thảo giao trong chương trình công tác năm / Drafts in the work programme,1',
    );
    expect(lines).toContain('reviews.keep,Rà soát: giữ nguyên / keep,1');
    expect(lines).toContain(
      'stageDays.planned.averageDays,Số ngày trung bình: Trong chương trình / Average days: Planned,',
    );
    expect(lines.length - 2).toBe(reportFigures(report).length + 1 - 1);
  });
  it('names every figure once', () => {
    const names = reportFigures(report).map((f) => f.figure);
    expect(new Set(names).size).toBe(names.length);
  });

  it('given asOf asked as a date, then the "as of" line shows that date, not the instant', () => {
    const lines = programmeReportCsv(report).slice(1).split('\r\n');
    expect(lines).toContain('asOf,Tính đến / As of,2019-08-16');
  });

  it('given asOf asked as an instant inside a day, then the line shows it in Viet Nam time', () => {
    const at = programmeReport(state, { agency: 'so-khcn', year: 2019, asOf: '2019-08-16T03:30:00.000Z' });
    expect(programmeReportCsv(at)).toContain('\r\nasOf,Tính đến / As of,2019-08-16T10:30:00+07:00\r\n');
  });

  it('gives every bucket, ever submitted and the split by kind a row', () => {
    const names = reportFigures(report).map((f) => f.figure);
    expect(names).toEqual(
      expect.arrayContaining([
        'programme.adoptedAwaitingSignature',
        'programme.appraisedAwaitingSubmission',
        'programme.inAppraisal',
        'programme.everSubmitted',
        'additional.everSubmitted',
        'byKind.committee_decision.programme.assigned',
        'byKind.council_resolution.additional.everSubmitted',
      ]),
    );
    const row = reportFigures(report).find(
      (f) => f.figure === 'byKind.committee_decision.programme.assigned',
    );
    expect(row).toMatchObject({ value: 1, label: expect.stringContaining('Quyết định của UBND tỉnh') });
  });

  it('gives the split by regime a row per regime, origin and figure', () => {
    const rows = reportFigures(report);
    const regime2016 = rows.find((f) => f.figure === 'byRegime.2016.programme.assigned');
    expect(regime2016).toMatchObject({ value: 1, label: expect.stringContaining('Chế độ 2016') });
    expect(rows.find((f) => f.figure === 'byRegime.2025.additional.everSubmitted')).toMatchObject({
      value: 0,
    });
  });
});
