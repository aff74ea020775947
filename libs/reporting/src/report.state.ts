// What the programme report keeps of the event log: per draft its stage after each event with
// the business time (occurredAt), per review and implementation entry its facts. Enough to answer
// for any `asOf`; plain JSON, so a read model may store it.
import type {
  DocumentKind,
  Draft,
  DraftEventType,
  ImplementationStatus,
  Origin,
  Regime,
  ReviewOutcome,
  Stage,
} from '#drafting';

/** One event of a draft: when it happened and the stage it left the draft in. */
export interface DraftStep {
  /** ISO instant, the command's business time. */
  readonly at: string;
  readonly type: DraftEventType;
  readonly stage: Stage;
  /** The document's legal regime after the event (fixed at assignment, moved by RegimeChanged). */
  readonly regime: Regime;
  /** AppraisalRecorded only. */
  readonly outcome?: 'fit' | 'not_fit';
}

export interface DraftFacts {
  readonly id: string;
  readonly agency: string;
  readonly year: number;
  readonly kind: DocumentKind;
  readonly origin: Origin;
  readonly plannedMonth?: string;
  /** The draft after the last event, to evolve the next one with the domain's own rules. */
  readonly draft: Draft;
  readonly steps: readonly DraftStep[];
}

export interface ReviewFacts {
  readonly agency: string;
  readonly year: number;
  readonly outcome: ReviewOutcome;
  readonly at: string;
}

export interface ImplementationFacts {
  readonly agency: string;
  readonly year: number;
  readonly at: string;
  readonly statuses: readonly { readonly at: string; readonly status: ImplementationStatus }[];
}

/** Keyed by stream id. */
export interface ReportState {
  drafts: Record<string, DraftFacts>;
  reviews: Record<string, ReviewFacts>;
  implementations: Record<string, ImplementationFacts>;
}

/** A fresh accumulator for {@link reportFold}. */
export const emptyReportState = (): ReportState => ({ drafts: {}, reviews: {}, implementations: {} });

/** The event as the fold needs it: a store's RecordedEvent fits. */
export interface ReportEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    /** The command's business time (ISO instant); the report and `asOf` go by it. */
    readonly occurredAt: string;
    readonly actor?: { readonly userId: string; readonly role: string; readonly agency: string };
  };
}
