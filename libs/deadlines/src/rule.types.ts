// The shape of deadline rules. Rules are data (lifecycle.md: "every number here is a rule
// parameter"): one set per legal regime, chosen by the date a clock starts.
import type { DocumentKind, DraftEventType, Regime, Role } from '#drafting';

/** The clocks of lifecycle.md, "Deadlines (clocks)". */
export type ClockName =
  | 'programme_submission'
  | 'consultation_minimum'
  | 'dossier_before_meeting'
  | 'department_answers'
  | 'dossier_check'
  | 'appraisal_report'
  | 'verification_before_session'
  | 'gazette_dispatch'
  | 'gazette_publication';

export const CLOCK_NAMES: readonly ClockName[] = [
  'programme_submission',
  'consultation_minimum',
  'dossier_before_meeting',
  'department_answers',
  'dossier_check',
  'appraisal_report',
  'verification_before_session',
  'gazette_dispatch',
  'gazette_publication',
];

/** Seconds exist for the `test` rule set, so end-to-end tests can run real clocks quickly. */
export type DurationUnit = 'calendar_days' | 'working_days' | 'seconds';

export interface Duration {
  readonly unit: DurationUnit;
  readonly amount: number;
}

/** A date a start event carries that a clock needs: no date, no clock. */
export type StartField = 'plannedMonth' | 'meetingDate' | 'sessionDate';

/** A date in the start event that a period counts from instead of the day the event occurred. */
export type FromField = 'openedAt' | 'signingDate';

/** How the due date is computed. */
export type DueRule =
  /** The last day of the start event's planned month (YYYY-MM). */
  | { readonly kind: 'end_of_month'; readonly field: 'plannedMonth' }
  /** `duration` after the day the clock starts (or the event's `from` date). */
  | { readonly kind: 'after_start'; readonly duration: Duration; readonly from?: FromField }
  /** `duration` before a meeting or session date carried by the start event. */
  | {
      readonly kind: 'before_date';
      readonly field: 'meetingDate' | 'sessionDate';
      readonly duration: Duration;
      /** The due date when the draft has no such date (none: no clock). */
      readonly otherwise?: DueRule;
    };

export interface ReminderRule {
  /** How long before the due date; 0 reminds on the due date itself. */
  readonly before: Duration;
  readonly roles: readonly Role[];
}

/**
 * `deadline`: something must happen by the due time, and a clock still open then is missed.
 * `minimum`: a period that must run before something may happen (consultation); it is never
 * missed, and its due time is the moment the period has run.
 */
export type ClockKind = 'deadline' | 'minimum';

/** One clock's rule. */
export interface ClockRule {
  readonly kind: ClockKind;
  readonly startsOn: {
    readonly event: DraftEventType;
    /** Other events that start it too (a meeting date set after assignment). */
    readonly alsoOn?: readonly DraftEventType[];
    readonly requires?: StartField;
    /** Only documents of these kinds start it (all kinds when absent). */
    readonly kinds?: readonly DocumentKind[];
  };
  /** Events that stop the clock as done (met). */
  readonly stopsOn: readonly DraftEventType[];
  /** Events that make the clock moot (cancelled). */
  readonly cancelledBy: readonly DraftEventType[];
  readonly due: DueRule;
  /** Replaces `due` when the draft follows the simplified procedure. */
  readonly dueIfSimplified?: DueRule;
  /** Replaces `due` and `dueIfSimplified` for documents of a kind (a Chair's decision posts 10 days). */
  readonly dueByKind?: Partial<
    Record<DocumentKind, { readonly due: DueRule; readonly dueIfSimplified?: DueRule }>
  >;
  /** A day-based due date on a non-working day moves to the next working day. */
  readonly rollToNextWorkingDay: boolean;
  readonly reminders: readonly ReminderRule[];
  /** Who is told when the clock is missed (at the due time). Absent: nobody. */
  readonly escalation?: { readonly roles: readonly Role[] };
  /** The legal basis, and whether it was verified. */
  readonly basis: string;
}

/** The clocks of one regime. */
export interface ClockRuleSet {
  /** The Viet Nam local hour day-based reminders are sent at. */
  readonly reminderHour: number;
  readonly clocks: Readonly<Record<ClockName, ClockRule>>;
}

/** Rule sets for every regime; `name` says which book configuration selected. */
export interface RuleBook {
  readonly name: 'statutory' | 'test';
  readonly regimes: Readonly<Record<Regime, ClockRuleSet>>;
}
