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
});
