// Clocks driven by a document's events: pure, so the deadlines projection can replay them. Time
// passing is not an event: whether an open clock is missed by now is a query (clock.queries.ts),
// and only a DeadlineMissed event, appended by the worker, records it.
import { type DraftEvent, localDate, type Regime, regimeAt } from '#drafting';
import type { Clock, ClockChange, ClockState, DocumentClocks } from './clock.types.js';
import { scheduleOf } from './clock.schedule.js';
import type { DeadlineEvent, DeadlineMissed, DeadlineReminderSent } from './deadline.events.js';
import { clockIdOf } from './deadline.jobs.js';
import { CLOCK_NAMES, type RuleBook } from './rule.types.js';
import { parseInstant } from './vietnam.time.js';
import type { WorkingCalendar } from './working.calendar.js';

type Recorded<E> = E extends { type: infer T; data: infer D }
  ? { type: T; data: D; occurredAt: string; documentId: string; revision: number; stream?: ClockStream }
  : never;

/**
 * Which of a document's streams an event comes from: `draft` (what people did; the default) or
 * `deadline` (what the worker recorded). Each has its own revisions.
 */
export type ClockStream = 'draft' | 'deadline';

/** An event of a document's streams as the clocks see it: business time and stream revision added. */
export type ClockInput = Recorded<DraftEvent | DeadlineEvent>;

/** The clocks after one more event, and what changed for the scheduler. */
export interface ClockEvolution {
  readonly state: DocumentClocks;
  readonly changes: ClockChange[];
}

/**
 * Applies one event of a document's stream to its clocks: stops the clocks the event stops, then
 * starts the clocks it starts, under the rules of the regime in force on the event's local date.
 * An event at or below the revision already applied changes nothing.
 */
export function evolveClocks(
  state: ClockState,
  input: ClockInput,
  book: RuleBook,
  calendar: WorkingCalendar,
): ClockEvolution {
  if (state === undefined) {
    if (input.type !== 'DraftAssigned')
      throw new Error(`clocks of ${input.documentId} cannot start with ${input.type}`);
    const { agency, kind, procedure } = input.data;
    const initial = { documentId: input.documentId, agency, kind, procedure, revision: -1, clocks: [] };
    return onDraftEvent(initial, input, book, calendar);
  }
  if (input.documentId !== state.documentId)
    throw new Error(`event of ${input.documentId} applied to the clocks of ${state.documentId}`);
  if (input.revision <= appliedRevision(state, input.stream)) return { state, changes: [] };
  switch (input.type) {
    case 'DeadlineReminderSent':
      return { state: reminderSent(state, input), changes: [] };
    case 'DeadlineMissed':
      return missed(state, input);
    default:
      // Only the worker writes the deadline stream; anything else there starts or stops nothing.
      if (input.stream === 'deadline') return { state: advanced(state, input), changes: [] };
      return onDraftEvent(state, input, book, calendar);
  }
}

/** The revision of `stream` last applied to the state (-1 before its first event). */
export const appliedRevision = (state: DocumentClocks, stream: ClockStream = 'draft'): number =>
  stream === 'deadline' ? (state.deadlineRevision ?? -1) : state.revision;

/** The state with the input's stream revision recorded as applied. */
const advanced = (state: DocumentClocks, input: ClockInput): DocumentClocks =>
  input.stream === 'deadline'
    ? { ...state, deadlineRevision: input.revision }
    : { ...state, revision: input.revision };

type DraftInput = Exclude<ClockInput, { type: DeadlineEvent['type'] }>;

function onDraftEvent(
  state: DocumentClocks,
  input: DraftInput,
  book: RuleBook,
  calendar: WorkingCalendar,
): ClockEvolution {
  state = withFacts(state, input);
  const changes: ClockChange[] = [];
  const clocks = state.clocks.map((clock) => {
    const status = stopStatus(clock, input, book);
    if (status === undefined) return clock;
    const stopped: Clock = { ...clock, status, stoppedAt: input.occurredAt, stoppedBy: input.type };
    changes.push({ type: 'stopped', status, clock: stopped });
    return stopped;
  });
  for (const clock of start({ ...state, clocks }, input, book, calendar)) {
    clocks.push(clock);
    changes.push({ type: 'opened', clock });
  }
  return { state: { ...state, revision: input.revision, clocks }, changes };
}

/** The regime and meeting date the document's events have set so far. */
function withFacts(state: DocumentClocks, input: DraftInput): DocumentClocks {
  switch (input.type) {
    case 'DraftAssigned':
    case 'RegimeChanged':
    case 'MeetingDateSet':
    case 'SentForAppraisal':
    case 'Postponed': {
      const data = input.data as { regime?: Regime; meetingDate?: string };
      return {
        ...state,
        ...(data.regime !== undefined && { regime: data.regime }),
        ...(data.meetingDate !== undefined && { meetingDate: data.meetingDate }),
      };
    }
    default:
      return state;
  }
}

/** The status an event stops the clock with, or undefined when it does not stop it. */
function stopStatus(
  clock: Clock,
  input: DraftInput,
  book: RuleBook,
): 'met' | 'cancelled' | 'missed' | undefined {
  // A clock already missed by the worker still records when it was finally stopped.
  const stoppable = clock.status === 'open' || (clock.status === 'missed' && clock.stoppedAt === undefined);
  if (!stoppable) return undefined;
  const rule = book.regimes[clock.regime].clocks[clock.name];
  const cancels = rule.cancelledBy.includes(input.type);
  if (!cancels && !rule.stopsOn.includes(input.type)) return undefined;
  const late = clock.kind === 'deadline' && parseInstant(input.occurredAt) >= parseInstant(clock.dueAt);
  if (clock.status === 'missed' || late) return 'missed';
  return cancels ? 'cancelled' : 'met';
}

/** The clocks the event starts. A clock of a name already open is not started twice. */
function start(state: DocumentClocks, input: DraftInput, book: RuleBook, calendar: WorkingCalendar): Clock[] {
  // The document's own regime (lifecycle.md); an assignment naming none: the one in force on the start date.
  const regime = state.regime ?? regimeAt(localDate(input.occurredAt));
  const set = book.regimes[regime];
  const started: Clock[] = [];
  for (const name of CLOCK_NAMES) {
    const rule = set.clocks[name];
    if (rule.startsOn.event !== input.type && !rule.startsOn.alsoOn?.includes(input.type)) continue;
    if (rule.startsOn.kinds !== undefined && !rule.startsOn.kinds.includes(state.kind)) continue;
    const runs = state.clocks.filter((c) => c.name === name);
    if (runs.some((c) => c.status === 'open')) continue;
    // A meeting set before (on assignment or by SetMeetingDate) counts as the event's own.
    const data = {
      ...(state.meetingDate !== undefined && { meetingDate: state.meetingDate }),
      ...input.data,
    };
    const facts = { occurredAt: input.occurredAt, data, procedure: state.procedure, kind: state.kind };
    const schedule = scheduleOf(rule, set.reminderHour, facts, calendar);
    if (schedule === undefined) continue;
    const n = runs.length + 1;
    started.push({
      clockId: clockIdOf(state.documentId, name, n),
      documentId: state.documentId,
      agency: state.agency,
      name,
      n,
      kind: rule.kind,
      regime,
      startedAt: input.occurredAt,
      status: 'open',
      ...schedule,
    });
  }
  return started;
}

function reminderSent(state: DocumentClocks, input: Recorded<DeadlineReminderSent>): DocumentClocks {
  const { clockId, reminder, sentAt } = input.data;
  const clocks = state.clocks.map((c) =>
    c.clockId !== clockId
      ? c
      : { ...c, reminders: c.reminders.map((r) => (r.n === reminder && !r.sentAt ? { ...r, sentAt } : r)) },
  );
  return { ...advanced(state, input), clocks };
}

/** Only an open deadline becomes missed: a clock stopped before the worker ran stays as it is. */
function missed(state: DocumentClocks, input: Recorded<DeadlineMissed>): ClockEvolution {
  const changes: ClockChange[] = [];
  const clocks = state.clocks.map((c) => {
    if (c.clockId !== input.data.clockId || c.status !== 'open' || c.kind !== 'deadline') return c;
    const escalation = c.escalation && { ...c.escalation, sentAt: input.data.sentAt };
    const clock: Clock = { ...c, status: 'missed', ...(escalation && { escalation }) };
    changes.push({ type: 'missed', clock });
    return clock;
  });
  return { state: { ...advanced(state, input), clocks }, changes };
}
