// The figures an administrative-reform inspection asks of an agency for a year (lifecycle.md,
// "Report"), computed from the folded events as they stood at `asOf`.
import {
  DOCUMENT_KINDS,
  IMPLEMENTATION_STATUSES,
  localDate,
  REGIMES,
  REVIEW_OUTCOMES,
  type DocumentKind,
  type ImplementationStatus,
  type Regime,
  type ReviewOutcome,
  type Stage,
} from '#drafting';
import { lastDayOfMonth } from './as-of.js';
import type { DraftFacts, DraftStep, ReportState } from './report.state.js';
import { stageDays, type StageDays } from './stage-days.js';

export interface ReportQuery {
  readonly agency: string;
  readonly year: number;
  /** ISO instant, inclusive: only events that occurred at or before it count. */
  readonly asOf: string;
}

/**
 * Where a draft stood at `asOf` (lifecycle.md, "Report"): every stage is in exactly one bucket,
 * so the buckets of an origin add up to the drafts assigned.
 */
export type StatusBucket =
  /** issued or published */
  | 'issued'
  /** adopted, awaiting signature */
  | 'adoptedAwaitingSignature'
  /** submitted up to tabled: awaiting the committee's or the council's decision */
  | 'submittedAwaitingDecision'
  /** appraised, awaiting submission */
  | 'appraisedAwaitingSubmission'
  | 'inAppraisal'
  /** consulting or revising, before (another) appraisal */
  | 'revisingBeforeAppraisal'
  /** planned or drafting */
  | 'beingDrafted'
  | 'withdrawn';

/** The bucket of each stage; a stage the domain adds is a compile error here until it has one. */
export const BUCKET_OF_STAGE: Readonly<Record<Stage, StatusBucket>> = {
  planned: 'beingDrafted',
  drafting: 'beingDrafted',
  consulting: 'revisingBeforeAppraisal',
  revising: 'revisingBeforeAppraisal',
  in_appraisal: 'inAppraisal',
  appraised: 'appraisedAwaitingSubmission',
  submitted: 'submittedAwaitingDecision',
  committee_approved: 'submittedAwaitingDecision',
  under_verification: 'submittedAwaitingDecision',
  verified: 'submittedAwaitingDecision',
  tabled: 'submittedAwaitingDecision',
  adopted: 'adoptedAwaitingSignature',
  issued: 'issued',
  published: 'issued',
  withdrawn: 'withdrawn',
};

/** The buckets in the order an inspection reads them. */
export const STATUS_BUCKETS: readonly StatusBucket[] = [
  'issued',
  'adoptedAwaitingSignature',
  'submittedAwaitingDecision',
  'appraisedAwaitingSubmission',
  'inAppraisal',
  'revisingBeforeAppraisal',
  'beingDrafted',
  'withdrawn',
];

/** The drafts of one origin (programme or additional) by where they stood at `asOf`. */
export type OriginFigures = { assigned: number } & Record<StatusBucket, number> & {
    /** Submitted at least once by `asOf`, whatever happened next (issued ones included). */
    everSubmitted: number;
  };

/** One kind's drafts, by origin. */
export interface KindFigures {
  programme: OriginFigures;
  additional: OriginFigures;
}

/** Programme drafts against the end of their planned month, by the date of their first Submit. */
export interface Punctuality {
  onTime: number;
  late: number;
  /** planned month over, not submitted, not withdrawn */
  overdueOpen: number;
  notYetDue: number;
}

export interface ProgrammeReport {
  agency: string;
  year: number;
  /** The instant the figures stand at. */
  asOf: string;
  /** The Viet Nam local date of `asOf`: the date asked, when a date was asked. */
  asOfDate: string;
  programme: OriginFigures;
  additional: OriginFigures;
  /** The same figures split by kind of document; the kinds add up to the figures above. */
  byKind: Record<DocumentKind, KindFigures>;
  /**
   * The same figures split by the documents' legal regime as it stood at `asOf` (lifecycle.md,
   * "Legal regime of a document"); the regimes add up to the figures above.
   */
  byRegime: Record<Regime, KindFigures>;
  reviews: { total: number; byOutcome: Record<ReviewOutcome, number> };
  implementations: { total: number; byStatus: Record<ImplementationStatus, number> };
  punctuality: Punctuality;
  /** DossierReturned events, and appraisals recorded as not fit, over the year's drafts. */
  appraisals: { returned: number; notFit: number };
  stageDays: StageDays;
}

const upTo = (asOfMs: number) => (x: { at: string }) => Date.parse(x.at) <= asOfMs;

/**
 * A stream as it stood: its events up to the first one after `asOf`. Streams are causal, so an
 * event after a later one (a clock set back) does not count before that one.
 */
const prefix = <T extends { at: string }>(items: readonly T[], seen: Seen): readonly T[] => {
  const end = items.findIndex((x) => !seen(x));
  return end < 0 ? items : items.slice(0, end);
};
const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** A draft as it stood at `asOf`: the steps that had happened (none: not assigned yet). */
interface DraftAsOf {
  readonly facts: DraftFacts;
  readonly steps: readonly DraftStep[];
  readonly stage: Stage;
  readonly regime: Regime;
}

/** The report of one agency and year as it stood at `asOf`. */
export function programmeReport(state: ReportState, { agency, year, asOf }: ReportQuery): ProgrammeReport {
  const asOfMs = Date.parse(asOf);
  if (Number.isNaN(asOfMs)) throw new RangeError(`asOf is not an ISO instant: ${asOf}`);
  const seen = upTo(asOfMs);
  const drafts: DraftAsOf[] = [];
  for (const facts of Object.values(state.drafts)) {
    if (facts.agency !== agency || facts.year !== year) continue;
    const steps = prefix(facts.steps, seen);
    const last = steps.at(-1);
    if (last) drafts.push({ facts, steps, stage: last.stage, regime: last.regime });
  }
  const programme = drafts.filter((d) => d.facts.origin === 'programme');
  const steps = drafts.flatMap((d) => d.steps);
  const instant = new Date(asOfMs).toISOString();
  return {
    agency,
    year,
    asOf: instant,
    asOfDate: localDate(instant),
    ...kindFigures(drafts),
    byKind: Object.fromEntries(
      DOCUMENT_KINDS.map((k) => [k, kindFigures(drafts.filter((d) => d.facts.kind === k))]),
    ) as Record<DocumentKind, KindFigures>,
    byRegime: Object.fromEntries(
      REGIMES.map((g) => [g, kindFigures(drafts.filter((d) => d.regime === g))]),
    ) as Record<Regime, KindFigures>,
    reviews: reviews(state, agency, year, seen),
    implementations: implementations(state, agency, year, seen),
    punctuality: punctuality(programme, localDate(asOf)),
    appraisals: {
      returned: steps.filter((s) => s.type === 'DossierReturned').length,
      notFit: steps.filter((s) => s.type === 'AppraisalRecorded' && s.outcome === 'not_fit').length,
    },
    stageDays: stageDays(drafts.map((d) => d.steps)),
  };
}

const kindFigures = (drafts: readonly DraftAsOf[]): KindFigures => ({
  programme: originFigures(drafts.filter((d) => d.facts.origin === 'programme')),
  additional: originFigures(drafts.filter((d) => d.facts.origin === 'additional')),
});

function originFigures(drafts: readonly DraftAsOf[]): OriginFigures {
  const figures = { assigned: drafts.length } as OriginFigures;
  for (const bucket of STATUS_BUCKETS) figures[bucket] = 0;
  for (const d of drafts) figures[BUCKET_OF_STAGE[d.stage]] += 1;
  figures.everSubmitted = drafts.filter((d) => d.steps.some((s) => s.type === 'Submitted')).length;
  return figures;
}

/**
 * True when the log names `agency` anywhere: a document, a review or a register entry, of any
 * year and at any time (an agency known today may ask how it stood before its first document).
 */
export function isKnownAgency(state: ReportState, agency: string): boolean {
  const named = (entries: Record<string, { agency: string }>) =>
    Object.values(entries).some((e) => e.agency === agency);
  return named(state.drafts) || named(state.reviews) || named(state.implementations);
}

function punctuality(programme: readonly DraftAsOf[], today: string): Punctuality {
  const result: Punctuality = { onTime: 0, late: 0, overdueOpen: 0, notYetDue: 0 };
  for (const d of programme) {
    if (d.stage === 'withdrawn' || d.facts.plannedMonth === undefined) continue;
    const due = lastDayOfMonth(d.facts.plannedMonth);
    const submitted = d.steps.find((s) => s.type === 'Submitted');
    if (submitted) result[localDate(submitted.at) <= due ? 'onTime' : 'late'] += 1;
    else result[today > due ? 'overdueOpen' : 'notYetDue'] += 1;
  }
  return result;
}

type Seen = (x: { at: string }) => boolean;

function reviews(state: ReportState, agency: string, year: number, seen: Seen) {
  const byOutcome = zeros(REVIEW_OUTCOMES);
  const mine = Object.values(state.reviews).filter((r) => r.agency === agency && r.year === year && seen(r));
  for (const r of mine) byOutcome[r.outcome] += 1;
  return { total: mine.length, byOutcome };
}

function implementations(state: ReportState, agency: string, year: number, seen: Seen) {
  const byStatus = zeros(IMPLEMENTATION_STATUSES);
  const mine = Object.values(state.implementations).filter(
    (e) => e.agency === agency && e.year === year && seen(e),
  );
  for (const e of mine) byStatus[prefix(e.statuses, seen).at(-1)?.status ?? 'not_started'] += 1;
  return { total: mine.length, byStatus };
}
