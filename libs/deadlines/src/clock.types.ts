// The state the clock logic keeps per document: plain JSON, optional keys omitted when unset.
import type { DocumentKind, Procedure, Regime, Role } from '#drafting';
import type { ClockKind, ClockName } from './rule.types.js';

export type ClockStatus = 'open' | 'met' | 'missed' | 'cancelled';

/** A reminder before the due time; `n` counts from 1 in the order of the rule's reminders. */
export interface Reminder {
  readonly n: number;
  /** ISO instant (UTC). */
  readonly at: string;
  readonly roles: readonly Role[];
  /** Set by a DeadlineReminderSent event. */
  readonly sentAt?: string;
}

/** Who is told when the clock is missed, at its due time. */
export interface Escalation {
  readonly at: string;
  readonly roles: readonly Role[];
  /** Set by a DeadlineMissed event. */
  readonly sentAt?: string;
}

/**
 * A clock whose dates were counted for a year the working calendar has no holiday data for:
 * weekends alone were skipped there. Computed again once the calendar covers those years.
 */
export interface Provisional {
  /** The years without holiday data the clock's dates fell in, ascending. */
  readonly years: readonly number[];
  /** What the schedule was computed from (the start event's business time and the fields used). */
  readonly facts: {
    readonly occurredAt: string;
    readonly data: Readonly<Record<string, string>>;
    readonly procedure: Procedure;
    readonly kind?: DocumentKind;
  };
}

/** One run of one clock on one document. */
export interface Clock {
  /** `${documentId}.${name}.${n}`: deterministic, and free of ':' (BullMQ job ids forbid it). */
  readonly clockId: string;
  readonly documentId: string;
  readonly agency: string;
  readonly name: ClockName;
  /** 1 for the first run of this clock on the document, 2 after it was started again, … */
  readonly n: number;
  readonly kind: ClockKind;
  /** The document's regime when the clock started (else the one in force then); its rules apply. */
  readonly regime: Regime;
  /** ISO instant of the start event. */
  readonly startedAt: string;
  /**
   * Viet Nam local date: the last day to act for a deadline, the first day allowed for a minimum.
   * For second-based rules, the local date of `dueAt`.
   */
  readonly dueDate: string;
  /**
   * ISO instant: the end of `dueDate` in Viet Nam time (next day 00:00 +07:00) for a deadline,
   * its start for a minimum, or the exact instant for second-based rules.
   */
  readonly dueAt: string;
  readonly status: ClockStatus;
  /** ISO instant of the event that stopped it. */
  readonly stoppedAt?: string;
  readonly stoppedBy?: string;
  /** Reminders whose time had passed when the clock started are left out. */
  readonly reminders: readonly Reminder[];
  /** Absent for a clock nobody is told about when it runs out. */
  readonly escalation?: Escalation;
  /** Present while a date was counted without holiday data (see Provisional). */
  readonly provisional?: Provisional;
}

/** The clocks of one document and the facts of the draft they need. */
export interface DocumentClocks {
  readonly documentId: string;
  readonly agency: string;
  readonly kind: DocumentKind;
  readonly procedure: Procedure;
  /** The draft stream's revision of the last event applied: a redelivered event changes nothing. */
  readonly revision: number;
  /** The same for the document's deadline stream (absent until its first event). */
  readonly deadlineRevision?: number;
  /**
   * The document's legal regime, fixed at assignment and moved by RegimeChanged (lifecycle.md,
   * "Legal regime of a document"); absent for assignments recorded before regimes were named,
   * whose clocks follow the regime in force on their start date.
   */
  readonly regime?: Regime;
  /** The UBND meeting the draft is planned for, as the latest event set it. */
  readonly meetingDate?: string;
  /** Every clock ever started on the document, oldest first. */
  readonly clocks: readonly Clock[];
}

/** undefined: no DraftAssigned seen for the document yet. */
export type ClockState = DocumentClocks | undefined;

/** What the scheduler must do after an event. */
export type ClockChange =
  | { readonly type: 'opened'; readonly clock: Clock }
  /** `missed` when the stop event came at or after the due time. */
  | { readonly type: 'stopped'; readonly status: 'met' | 'cancelled' | 'missed'; readonly clock: Clock }
  | { readonly type: 'missed'; readonly clock: Clock };
