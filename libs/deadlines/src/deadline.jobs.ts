// Job ids and the jobs a clock needs. BullMQ job ids may not contain ':' (STYLE.md §7); payloads
// carry ids only, never titles or personal data.
import type { Clock } from './clock.types.js';

/** The BullMQ job id of reminder `n` of a clock. */
export const reminderJobId = (clockId: string, n: number): string => `reminder-${clockId}-${n}`;

/** The BullMQ job id of a clock's escalation. */
export const escalationJobId = (clockId: string): string => `escalation-${clockId}`;

/** The deterministic id of a clock; ':' and '%' in a document id are percent-encoded. */
export const clockIdOf = (documentId: string, name: string, n: number): string =>
  `${documentId.replaceAll('%', '%25').replaceAll(':', '%3A')}.${name}.${n}`;

/** One delayed job to keep in the queue for a clock. */
export type DeadlineJob =
  | {
      readonly kind: 'reminder';
      readonly jobId: string;
      readonly clockId: string;
      readonly n: number;
      readonly at: string;
    }
  | { readonly kind: 'escalation'; readonly jobId: string; readonly clockId: string; readonly at: string };

/**
 * The jobs an open clock needs: its unsent reminders and its unsent escalation. A stopped or
 * missed clock needs none, which is what the scheduler removes and the reconciler compares.
 */
export function jobsOf(clock: Clock): DeadlineJob[] {
  if (clock.status !== 'open') return [];
  const { clockId } = clock;
  const reminders: DeadlineJob[] = clock.reminders
    .filter((r) => r.sentAt === undefined)
    .map((r) => ({ kind: 'reminder', jobId: reminderJobId(clockId, r.n), clockId, n: r.n, at: r.at }));
  const escalation = clock.escalation;
  if (escalation === undefined || escalation.sentAt !== undefined) return reminders;
  return [...reminders, { kind: 'escalation', jobId: escalationJobId(clockId), clockId, at: escalation.at }];
}
