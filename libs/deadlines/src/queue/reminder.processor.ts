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
import { clocksAndNow } from './deadline.rows.js';

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
  /** Optional: tells many at once, with the same effect as `notify` on each. */
  notifyMany?(notices: readonly DeadlineNotice[]): Promise<void>;
}

/** Jobs the BullMQ worker runs at once (its concurrency): the most one batch can gather. */
export const REMINDER_CONCURRENCY = 64;
/** Batches in flight at once: more jobs wait and join the next one, so batches grow under load. */
const BATCHES_IN_FLIGHT = 2;
const MAX_BATCH = 200;

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

/** One job of a batch, and what its caller is waiting for. */
interface Pending {
  readonly name: DeadlineJobName;
  readonly data: DeadlineJobData;
  resolve(outcome: Outcome | number): void;
  reject(error: unknown): void;
}

/** A notice to tell and record (an escalation tells its clock's due reminders first). */
interface Tell {
  readonly clock: Clock;
  readonly name: DeadlineJobName;
  readonly n: number | undefined;
  readonly target: Target;
}

/**
 * The work of a job. Skips when the clock is gone, stopped, or the reminder already recorded;
 * puts the job back when it is early by the database's clock (never by the worker's own).
 *
 * Jobs run in batches: the ones that arrive while batches are in flight wait and run together,
 * with one read of their clocks and the database's time, each document's two streams read once,
 * everyone told in one go (Notifier.notifyMany: the directory, titles and webhooks read once, the
 * inbox rows written in one transaction), then each fact recorded in its document's deadline
 * stream under its deterministic id, in order per document. Telling before recording and the
 * deterministic ids keep what one job at a time kept: a batch that dies after telling is told
 * again without a second inbox row, and records each reminder once.
 */
export class ReminderProcessor {
  private readonly pending: Pending[] = [];
  private inFlight = 0;

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
  run(name: DeadlineJobName, data: DeadlineJobData): Promise<Outcome | number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ name, data, resolve, reject });
      // The jobs started in this turn of the event loop join the same batch.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.runBatch(batch)
        .catch((error: unknown) => batch.forEach((p) => p.reject(error)))
        .finally(() => {
          this.inFlight--;
          this.flush();
        });
    }
  }

  private async runBatch(batch: readonly Pending[]): Promise<void> {
    const { clocks: rows, now } = await clocksAndNow(
      this.sql,
      batch.map((p) => p.data.clockId),
    );
    // The read model may lag behind the store: the clock as the document's streams have it now
    // decides (stopped since by a person, or this reminder recorded already by another run).
    const documents = [
      ...new Set([...rows.values()].filter((c) => c.status === 'open').map((c) => c.documentId)),
    ];
    // Both streams of every document in one statement.
    const read = await this.store.readStreams(documents.flatMap((d) => [draftStream(d), deadlineStream(d)]));
    const streams = new Map(
      documents.map((d) => [d, [read.get(draftStream(d))!, read.get(deadlineStream(d))!]] as const),
    );
    const tells = new Map<string, Tell>(); // by key: two runs of one job tell once
    // Each job planned on its own: one that throws (a clock its events cannot fold) fails alone.
    const plan = (p: Pending): 'skipped' | number | string => {
      const row = rows.get(p.data.clockId);
      if (row === undefined || row.status !== 'open') return 'skipped' as const;
      const [draft, recordedSoFar] = streams.get(row.documentId)!;
      const clock = clockInStream(inGlobalOrder(draft, recordedSoFar), p.data.clockId, this.book);
      if (clock === undefined || clock.status !== 'open') return 'skipped' as const;
      const target = targetOf(clock, p.name, p.data.n);
      if (target === undefined || target.sentAt !== undefined) return 'skipped' as const;
      if (now < Date.parse(target.at)) return Date.parse(target.at);
      // An escalation never overtakes its clock's reminders: after an outage (or a wiped Redis)
      // both fall due together and may run in either order, and a reminder that finds its clock
      // missed would be skipped for good. Its earlier due reminders are told and recorded first
      // (deterministic ids: the reminder's own job, if it runs later, records nothing).
      if (p.name === 'escalation')
        for (const r of clock.reminders)
          if (r.sentAt === undefined && Date.parse(r.at) <= now) {
            const key = reminderKey(clock.clockId, r.n);
            if (!tells.has(key)) tells.set(key, { clock, name: 'reminder', n: r.n, target: { key, ...r } });
          }
      if (!tells.has(target.key)) tells.set(target.key, { clock, name: p.name, n: p.data.n, target });
      return target.key;
    };
    const plans = batch.map((p) => {
      try {
        return plan(p);
      } catch (error) {
        return { error };
      }
    });
    const sentAt = new Date(now).toISOString();
    const failed = await this.tellAll([...tells.values()], sentAt);
    // Recorded per document in the order told, after the revision its stream was read at.
    const byDocument = new Map<string, Tell[]>();
    for (const t of tells.values())
      if (!failed.has(t.target.key))
        byDocument.set(t.clock.documentId, [...(byDocument.get(t.clock.documentId) ?? []), t]);
    await Promise.all(
      [...byDocument].map(async ([documentId, told]) => {
        let revision = streams.get(documentId)![1].at(-1)?.revision ?? -1;
        // After a failure nothing more of the document is recorded: an escalation must not be
        // recorded before the reminder it told first.
        let error: unknown;
        for (const t of told)
          if (error !== undefined) failed.set(t.target.key, error);
          else
            try {
              revision = await this.record(t, now, sentAt, revision);
            } catch (e) {
              error = e;
              failed.set(t.target.key, e);
            }
      }),
    );
    batch.forEach((p, i) => {
      const plan = plans[i];
      if (typeof plan === 'object') return p.reject(plan.error);
      if (plan === 'skipped' || typeof plan === 'number') return p.resolve(plan);
      // A job fails (and is retried) when its own notice failed, or for an escalation any
      // notice of its clock (the reminders it told first).
      const clockId = tells.get(plan)!.clock.clockId;
      const keys =
        p.name === 'escalation'
          ? [...tells.values()].filter((t) => t.clock.clockId === clockId).map((t) => t.target.key)
          : [plan];
      const errors = keys.map((k) => failed.get(k)).filter((e) => e !== undefined);
      if (errors.length > 0) p.reject(errors[0]);
      else p.resolve('sent');
    });
  }

  /** Tells every notice; answers the keys whose telling failed (then nothing of theirs is recorded). */
  private async tellAll(tells: readonly Tell[], sentAt: string): Promise<Map<string, unknown>> {
    const failed = new Map<string, unknown>();
    const noticeOf = (t: Tell): DeadlineNotice => ({
      key: t.target.key,
      kind: t.name,
      clock: t.clock,
      roles: t.target.roles,
      sentAt,
    });
    if (tells.length === 0) return failed;
    if (this.notifier.notifyMany) {
      try {
        await this.notifier.notifyMany(tells.map(noticeOf));
      } catch (error) {
        for (const t of tells) failed.set(t.target.key, error);
      }
      return failed;
    }
    for (const t of tells)
      try {
        await this.notifier.notify(noticeOf(t));
      } catch (error) {
        failed.set(t.target.key, error);
      }
    return failed;
  }

  /** Records one told notice in the deadline stream; returns the stream's revision after. */
  private async record(t: Tell, now: number, sentAt: string, read: number): Promise<number> {
    const { clock, name, n, target } = t;
    const commandId = commandIdOfKey(target.key);
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
    const revision = await this.append(deadlineStream(clock.documentId), recorded, read);
    reminderLateness.observe({ kind: name }, Math.max(0, now - Date.parse(target.at)) / 1000);
    return revision;
  }

  /**
   * Appends after the revision just read (-1: the stream's first event), the store's guarded fast
   * path; when the stream has moved since, as 'any': the id keeps a repeat from recording.
   */
  private async append(streamId: string, event: NewEvent, read: number): Promise<number> {
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
