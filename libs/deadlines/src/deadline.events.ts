// The facts the reminder worker records, in the document's deadline stream (never in the draft's
// own stream, whose revision is the people's). Deterministic keys feed the event id (UUIDv5 of the
// key), so a job that runs twice records once.
import type { Clock } from './clock.types.js';

/**
 * The stream of a document's deadline facts. The draft's stream `draft-<id>` holds what people
 * did, and its revision (If-Match) moves only when a person acts; the worker records here.
 */
export const deadlineStream = (documentId: string): string => `deadline-${documentId}`;

type Event<T extends string, D> = { type: T; data: D; schemaVersion: 1 };

/** A reminder was sent for a clock. `reminder` is the reminder's `n`. */
export type DeadlineReminderSent = Event<
  'DeadlineReminderSent',
  { documentId: string; clockId: string; reminder: number; dueAt: string; sentAt: string }
>;

/** A clock's due time passed while it was open, and its escalation was sent. */
export type DeadlineMissed = Event<
  'DeadlineMissed',
  { documentId: string; clockId: string; dueAt: string; sentAt: string }
>;

export type DeadlineEvent = DeadlineReminderSent | DeadlineMissed;

/** The idempotency key of a reminder's event (input to the deterministic event id). */
export const reminderKey = (clockId: string, n: number): string => `${clockId}.reminder.${n}`;

/** The idempotency key of a clock's DeadlineMissed event. */
export const escalationKey = (clockId: string): string => `${clockId}.escalation`;

/** The DeadlineReminderSent event for reminder `n` of `clock`, sent at the instant `sentAt`. */
export const deadlineReminderSent = (clock: Clock, n: number, sentAt: string): DeadlineReminderSent => ({
  type: 'DeadlineReminderSent',
  data: { documentId: clock.documentId, clockId: clock.clockId, reminder: n, dueAt: clock.dueAt, sentAt },
  schemaVersion: 1,
});

/** The DeadlineMissed event for `clock`, its escalation sent at the instant `sentAt`. */
export const deadlineMissed = (clock: Clock, sentAt: string): DeadlineMissed => ({
  type: 'DeadlineMissed',
  data: { documentId: clock.documentId, clockId: clock.clockId, dueAt: clock.dueAt, sentAt },
  schemaVersion: 1,
});
