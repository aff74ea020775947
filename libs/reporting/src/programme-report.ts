// The figures an administrative-reform inspection asks of an agency for a year (lifecycle.md,
// "Report"), computed from the folded events as they stood at `asOf`.
import {
  STAGES_BEFORE_SUBMISSION,
  IMPLEMENTATION_STATUSES,
  localDate,
  REVIEW_OUTCOMES,
  type ImplementationStatus,
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

/** The drafts of one origin (programme or additional) by where they stood at `asOf`. */
export interface OriginFigures {
  assigned: number;
  /** issued or published */
  issued: number;
  /** submitted, committee_approved, under_verification, verified, tabled or adopted: decided on, not yet issued */
  submittedAwaitingDecision: number;
  /** open and not yet submitted: planned, drafting, consulting, revising, in_appraisal, appraised */
  beingDrafted: number;
  /** never appraised and in drafting, consulting or revising (a subset of beingDrafted) */
  revisingBeforeAppraisal: number;
  withdrawn: number;
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
  asOf: string;
  programme: OriginFigures;
  additional: OriginFigures;
  reviews: { total: number; byOutcome: Record<ReviewOutcome, number> };
  implementations: { total: number; byStatus: Record<ImplementationStatus, number> };
  punctuality: Punctuality;
  /** DossierReturned events, and appraisals recorded as not fit, over the year's drafts. */
  appraisals: { returned: number; notFit: number };
  stageDays: StageDays;
}

const ISSUED: readonly Stage[] = ['issued', 'published'];
const AWAITING: readonly Stage[] = [
  'submitted',
  'committee_approved',
  'under_verification',
  'verified',
  'tabled',
  'adopted',
];
const BEFORE_APPRAISAL: readonly Stage[] = ['drafting', 'consulting', 'revising'];

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
    if (steps.length > 0) drafts.push({ facts, steps, stage: steps[steps.length - 1].stage });
  }
  const programme = drafts.filter((d) => d.facts.origin === 'programme');
  const steps = drafts.flatMap((d) => d.steps);
  return {
    agency,
    year,
    asOf: new Date(asOfMs).toISOString(),
    programme: originFigures(programme),
    additional: originFigures(drafts.filter((d) => d.facts.origin === 'additional')),
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

function originFigures(drafts: readonly DraftAsOf[]): OriginFigures {
  const count = (p: (d: DraftAsOf) => boolean) => drafts.filter(p).length;
  const appraised = (d: DraftAsOf) => d.steps.some((s) => s.type === 'AppraisalRecorded');
  return {
    assigned: drafts.length,
    issued: count((d) => ISSUED.includes(d.stage)),
    submittedAwaitingDecision: count((d) => AWAITING.includes(d.stage)),
    beingDrafted: count((d) => STAGES_BEFORE_SUBMISSION.includes(d.stage)),
    revisingBeforeAppraisal: count((d) => BEFORE_APPRAISAL.includes(d.stage) && !appraised(d)),
    withdrawn: count((d) => d.stage === 'withdrawn'),
  };
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
