// The report as CSV for spreadsheets: one figure a row, labelled in Vietnamese and English,
// UTF-8 with a byte-order mark so Excel shows the Vietnamese, and every cell safe to open.
import { DOCUMENT_KINDS, REGIMES, STAGE_LABELS, type DocumentKind, type Regime, type Stage } from '#drafting';
import { asOfAsAsked } from './as-of.js';
import { STATUS_BUCKETS, type OriginFigures, type ProgrammeReport } from './programme-report.js';
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
  adoptedAwaitingSignature: 'Trong đó: đã thông qua, chờ ký ban hành / of them: adopted, awaiting signature',
  submittedAwaitingDecision: 'Trong đó: đã trình, chờ quyết định / of them: submitted, awaiting decision',
  appraisedAwaitingSubmission: 'Trong đó: đã thẩm định, chưa trình / of them: appraised, awaiting submission',
  inAppraisal: 'Trong đó: đang thẩm định / of them: in appraisal',
  revisingBeforeAppraisal:
    'Trong đó: đang lấy ý kiến, chỉnh lý, chưa thẩm định / of them: being revised before appraisal',
  beingDrafted: 'Trong đó: đang soạn thảo / of them: being drafted',
  withdrawn: 'Trong đó: đã rút / of them: withdrawn',
  everSubmitted: 'Lũy kế đã trình (kể cả đã ban hành) / Ever submitted (issued ones included)',
};
const FIGURE_ORDER: readonly (keyof OriginFigures)[] = ['assigned', ...STATUS_BUCKETS, 'everSubmitted'];
const KIND_LABELS: Record<DocumentKind, string> = {
  committee_decision: 'Quyết định của UBND tỉnh / Decisions of the People’s Committee',
  council_resolution: 'Nghị quyết của HĐND tỉnh / Resolutions of the People’s Council',
  chair_decision: 'Quyết định của Chủ tịch UBND tỉnh / Decisions of the Chair of the People’s Committee',
};
const REGIME_LABELS: Record<Regime, string> = {
  '2016': 'Chế độ 2016 (Luật 80/2015) / Regime 2016 (Law 80/2015)',
  '2021': 'Chế độ 2021 (Luật 63/2020) / Regime 2021 (Law 63/2020)',
  '2025': 'Chế độ 2025 (Luật 64/2025) / Regime 2025 (Law 64/2025)',
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

const ORIGIN_TITLES = {
  programme: 'Dự thảo giao trong chương trình công tác năm / Drafts in the work programme',
  additional: 'Dự thảo giao bổ sung / Drafts additionally assigned',
};

const origin = (key: 'programme' | 'additional', f: OriginFigures, prefix = '', kind = ''): FigureRow[] =>
  FIGURE_ORDER.map((k) => ({
    figure: `${prefix}${key}.${k}`,
    label: `${kind}${k === 'assigned' ? ORIGIN_TITLES[key] : ORIGIN_LABELS[k]}`,
    value: f[k],
  }));

const byKind = (r: ProgrammeReport): FigureRow[] =>
  DOCUMENT_KINDS.flatMap((k) =>
    (['programme', 'additional'] as const).flatMap((o) =>
      origin(o, r.byKind[k][o], `byKind.${k}.`, `${KIND_LABELS[k]} — `),
    ),
  );

const byRegime = (r: ProgrammeReport): FigureRow[] =>
  REGIMES.flatMap((g) =>
    (['programme', 'additional'] as const).flatMap((o) =>
      origin(o, r.byRegime[g][o], `byRegime.${g}.`, `${REGIME_LABELS[g]} — `),
    ),
  );

/** Every figure of the report as a row, in the order an inspection reads them. */
export function reportFigures(r: ProgrammeReport): FigureRow[] {
  const row = (figure: string, label: string, value: Cell): FigureRow => ({ figure, label, value });
  return [
    row('agency', 'Cơ quan / Agency', r.agency),
    row('year', 'Năm / Year', r.year),
    row('asOf', 'Tính đến / As of', asOfAsAsked(r.asOf, r.asOfDate)),
    ...origin('programme', r.programme),
    ...origin('additional', r.additional),
    ...byKind(r),
    ...byRegime(r),
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
