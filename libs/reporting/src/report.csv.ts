// The report as CSV for spreadsheets: one figure a row, labelled in Vietnamese and English,
// UTF-8 with a byte-order mark so Excel shows the Vietnamese, and every cell safe to open.
import { STAGE_LABELS, type Stage } from '#drafting';
import type { OriginFigures, ProgrammeReport } from './programme-report.js';
import { TIMED_STAGES } from './stage-days.js';

export type Cell = string | number | null;
export interface FigureRow {
  readonly figure: string;
  readonly label: string;
  readonly value: Cell;
}

const ORIGIN_LABELS: Record<keyof OriginFigures, string> = {
  assigned: 'Số dự thảo được giao / Drafts assigned',
  issued: 'Trong đó: đã ban hành / of them: issued',
  revisingBeforeAppraisal:
    'Trong đó: đang chỉnh lý, chưa thẩm định / of them: being revised before appraisal',
  submittedAwaitingDecision: 'Trong đó: đã trình, chờ quyết định / of them: submitted, awaiting decision',
  beingDrafted: 'Trong đó: đang soạn thảo / of them: being drafted',
  withdrawn: 'Trong đó: đã rút / of them: withdrawn',
};
const OUTCOME_LABELS = {
  keep: 'giữ nguyên / keep',
  amend: 'sửa đổi, bổ sung / amend',
  replace: 'thay thế / replace',
  repeal: 'bãi bỏ / repeal',
  expired: 'hết hiệu lực / expired',
};
const STATUS_LABELS = {
  not_started: 'chưa triển khai / not started',
  in_progress: 'đang triển khai / in progress',
  done: 'đã hoàn thành / done',
};

const origin = (key: 'programme' | 'additional', title: string, f: OriginFigures): FigureRow[] =>
  (Object.keys(ORIGIN_LABELS) as (keyof OriginFigures)[]).map((k) => ({
    figure: `${key}.${k}`,
    label: k === 'assigned' ? title : ORIGIN_LABELS[k],
    value: f[k],
  }));

/** Every figure of the report as a row, in the order an inspection reads them. */
export function reportFigures(r: ProgrammeReport): FigureRow[] {
  const row = (figure: string, label: string, value: Cell): FigureRow => ({ figure, label, value });
  return [
    row('agency', 'Cơ quan / Agency', r.agency),
    row('year', 'Năm / Year', r.year),
    row('asOf', 'Tính đến / As of', r.asOf),
    ...origin(
      'programme',
      'Dự thảo giao trong chương trình công tác năm / Drafts in the work programme',
      r.programme,
    ),
    ...origin('additional', 'Dự thảo giao bổ sung / Drafts additionally assigned', r.additional),
    row('reviews.total', 'Văn bản được rà soát / Existing documents reviewed', r.reviews.total),
    ...Object.entries(OUTCOME_LABELS).map(([k, l]) =>
      row(`reviews.${k}`, `Rà soát: ${l}`, r.reviews.byOutcome[k as keyof typeof OUTCOME_LABELS]),
    ),
    row('implementations.total', 'Văn bản phải triển khai / Documents to implement', r.implementations.total),
    ...Object.entries(STATUS_LABELS).map(([k, l]) =>
      row(
        `implementations.${k}`,
        `Triển khai: ${l}`,
        r.implementations.byStatus[k as keyof typeof STATUS_LABELS],
      ),
    ),
    row('punctuality.onTime', 'Trình đúng hạn / Submitted on time', r.punctuality.onTime),
    row('punctuality.late', 'Trình trễ hạn / Submitted late', r.punctuality.late),
    row('punctuality.overdueOpen', 'Quá hạn, chưa trình / Overdue, not submitted', r.punctuality.overdueOpen),
    row('punctuality.notYetDue', 'Chưa đến hạn / Not yet due', r.punctuality.notYetDue),
    row('appraisals.returned', 'Hồ sơ thẩm định bị trả lại / Dossiers returned', r.appraisals.returned),
    row('appraisals.notFit', 'Thẩm định: chưa đủ điều kiện / Appraised not fit', r.appraisals.notFit),
    ...TIMED_STAGES.flatMap((s: Stage) => [
      row(
        `stageDays.${s}.averageDays`,
        `Số ngày trung bình: ${STAGE_LABELS[s].vi} / Average days: ${STAGE_LABELS[s].en}`,
        r.stageDays[s].averageDays,
      ),
      row(
        `stageDays.${s}.stays`,
        `Số lượt: ${STAGE_LABELS[s].vi} / Stays: ${STAGE_LABELS[s].en}`,
        r.stageDays[s].stays,
      ),
    ]),
  ];
}

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes an apostrophe to text a spreadsheet would run as a formula. Numbers pass unchanged. */
export const neutraliseCell = (value: Cell): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
};

/** One cell, neutralised and quoted per RFC 4180 when it holds a comma, quote or line break. */
export const csvCell = (value: Cell): string => {
  const text = neutraliseCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Rows as CSV text: a BOM, CRLF line ends, every cell through {@link csvCell}. */
export const toCsv = (rows: readonly (readonly Cell[])[]): string =>
  `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

/** The report as CSV: a header, then `figure,label,value` per figure. */
export const programmeReportCsv = (r: ProgrammeReport): string =>
  toCsv([['figure', 'label', 'value'], ...reportFigures(r).map((f) => [f.figure, f.label, f.value])]);
