// Runs a reminder or escalation job: re-reads the clock, tells people, records the fact.
import { reminderLateness } from '#observability';
import { DelayedError, type Job } from 'bullmq';
import { v5 as uuidv5 } from 'uuid';
import {
  ConcurrencyError,
  eventId,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SqlClient,
} from '#event-store';
import type { Role } from '#drafting';
import { evolveClocks } from '../clock.evolve.js';
import type { Clock, ClockState } from '../clock.types.js';
import type { RuleBook } from '../rule.types.js';
import { VIETNAM_CALENDAR } from '../working.calendar.js';
import {
  deadlineMissed,
  deadlineReminderSent,
  deadlineStream,
  escalationKey,
  reminderKey,
} from '../deadline.events.js';
import { clockInputOf, inGlobalOrder } from './clock-input.js';
import type { DeadlineJobData, DeadlineJobName } from './deadline.queue.js';
import { clockAndNow } from './deadline.rows.js';

/** Namespace of the command ids derived from reminder keys (never change it). */
const REMINDER_NAMESPACE = '0d3e6a4c-8f1b-4b7a-9e52-6c1f0a9d7b34';

/** What the notifications side is told: the reminder's key, the clock and who should hear. */
export interface DeadlineNotice {
  readonly key: string;
  readonly kind: DeadlineJobName;
  readonly clock: Clock;
  readonly roles: readonly Role[];
  /** ISO instant the database gave when the job ran. */
  readonly sentAt: string;
}

/** The notifications port: idempotent per (key, recipient), so a job run twice tells once. */
export interface Notifier {
  notify(notice: DeadlineNotice): Promise<void>;
}

export type Outcome = 'sent' | 'skipped' | 'delayed';

export const commandIdOfKey = (key: string): string => uuidv5(key, REMINDER_NAMESPACE);
const draftStream = (documentId: string) => `draft-${documentId}`;

interface Target {
  readonly key: string;
  readonly at: string;
  readonly roles: readonly Role[];
  readonly sentAt?: string;
}

function targetOf(clock: Clock, name: DeadlineJobName, n: number | undefined): Target | undefined {
  if (name === 'escalation') {
    if (!clock.escalation || clock.kind !== 'deadline') return undefined;
    return { key: escalationKey(clock.clockId), ...clock.escalation };
  }
  const reminder = clock.reminders.find((r) => r.n === n);
  return reminder && { key: reminderKey(clock.clockId, reminder.n), ...reminder };
}

/**
 * The work of one job. Skips when the clock is gone, stopped, or the reminder already recorded;
 * puts the job back when it is early by the database's clock (never by the worker's own).
 */
export class ReminderProcessor {
  constructor(
    private readonly sql: SqlClient,
    private readonly store: EventStore,
    private readonly notifier: Notifier,
    private readonly book: RuleBook,
  ) {}

  async process(job: Job<DeadlineJobData, unknown, DeadlineJobName>, token?: string): Promise<Outcome> {
    const outcome = await this.run(job.name, job.data);
    if (typeof outcome === 'number') {
      await job.moveToDelayed(outcome, token);
      throw new DelayedError();
    }
    return outcome;
  }

  /** Returns the outcome, or the instant (ms) to try again at when the job came early. */
  async run(name: DeadlineJobName, data: DeadlineJobData): Promise<Outcome | number> {
    const { clock: row, now } = await clockAndNow(this.sql, data.clockId);
    if (row === undefined || row.status !== 'open') return 'skipped';
    // The read model may lag behind the store: the clock as the document's streams have it now
    // decides (stopped since by a person, or this reminder recorded already by another run).
    const [draft, recordedSoFar] = await Promise.all([
      this.store.readStream(draftStream(row.documentId)),
      this.store.readStream(deadlineStream(row.documentId)),
    ]);
    const clock = clockInStream(inGlobalOrder(draft, recordedSoFar), data.clockId, this.book);
    if (clock === undefined || clock.status !== 'open') return 'skipped';
    const target = targetOf(clock, name, data.n);
    if (target === undefined || target.sentAt !== undefined) return 'skipped';
    if (now < Date.parse(target.at)) return Date.parse(target.at);

    // An escalation never overtakes its clock's reminders: after an outage (or a wiped Redis)
    // both fall due together and may run in either order, and a reminder that finds its clock
    // missed would be skipped for good. Its earlier due reminders are told and recorded first
    // (deterministic ids: the reminder's own job, if it runs later, records nothing).
    let revision = recordedSoFar.at(-1)?.revision ?? -1;
    if (name === 'escalation')
      for (const r of clock.reminders)
        if (r.sentAt === undefined && Date.parse(r.at) <= now)
          revision = await this.tell(
            clock,
            'reminder',
            r.n,
            { key: reminderKey(clock.clockId, r.n), ...r },
            now,
            revision,
          );
    await this.tell(clock, name, data.n, target, now, revision);
    return 'sent';
  }

  /** Tells people, then records the fact in the deadline stream; returns the stream's revision after. */
  private async tell(
    clock: Clock,
    name: DeadlineJobName,
    n: number | undefined,
    target: Target,
    now: number,
    read: number,
  ): Promise<number> {
    const commandId = commandIdOfKey(target.key);
    const sentAt = new Date(now).toISOString();
    await this.notifier.notify({ key: target.key, kind: name, clock, roles: target.roles, sentAt });
    const event =
      name === 'escalation' ? deadlineMissed(clock, sentAt) : deadlineReminderSent(clock, n!, sentAt);
    const metadata = {
      actor: { userId: 'system', role: 'system', agency: clock.agency },
      correlationId: commandId,
      causationId: commandId,
      commandId,
      schemaVersion: event.schemaVersion,
      occurredAt: sentAt,
    };
    // A deterministic id: a second run of the same job appends nothing. The deadline stream, not
    // the draft's: a person's If-Match revision must not move because a reminder went out.
    const recorded = { id: eventId(commandId, 0), type: event.type, data: event.data, metadata };
    const revision = await this.record(deadlineStream(clock.documentId), recorded, read);
    reminderLateness.observe({ kind: name }, Math.max(0, now - Date.parse(target.at)) / 1000);
    return revision;
  }

  /**
   * Appends after the revision just read (-1: the stream's first event), the store's guarded fast
   * path; when the stream has moved since, as 'any': the id keeps a repeat from recording.
   */
  private async record(streamId: string, event: NewEvent, read: number): Promise<number> {
    try {
      const r = await this.store.append(streamId, [event], {
        expectedRevision: read < 0 ? 'no-stream' : read,
      });
      return r.revision;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    return (await this.store.append(streamId, [event], { expectedRevision: 'any' })).revision;
  }
}

/**
 * The clock `clockId` after folding a document's events (its draft and deadline streams, in
 * global order); undefined if it never started.
 */
export function clockInStream(
  events: readonly RecordedEvent[],
  clockId: string,
  book: RuleBook,
): Clock | undefined {
  let state: ClockState;
  for (const e of events) {
    const input = clockInputOf(e);
    if (input === undefined || (state === undefined && input.stream === 'deadline')) continue;
    state = evolveClocks(state, input, book, VIETNAM_CALENDAR).state;
  }
  return state?.clocks.find((c) => c.clockId === clockId);
}
