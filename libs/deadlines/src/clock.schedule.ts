// When a clock is due and when it reminds, from its rule and the event that starts it.
import { addDays, localDate, type DocumentKind, type Procedure } from '#drafting';
import type { Clock, Escalation, Provisional, Reminder } from './clock.types.js';
import type { ClockRule, Duration, DueRule, RuleBook } from './rule.types.js';
import {
  addSeconds,
  atLocalHour,
  endOfLocalDay,
  lastDayOfMonth,
  parseInstant,
  startOfLocalDay,
} from './vietnam.time.js';
import type { WorkingCalendar } from './working.calendar.js';

/** What the start event tells the schedule. */
export interface StartFacts {
  /** ISO instant the start event occurred. */
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly procedure: Procedure;
  /** The document's kind, where a rule counts differently for it (absent: the rule's own `due`). */
  readonly kind?: DocumentKind;
}

/** A clock's due date, due instant, reminders and escalation. */
export interface Schedule {
  readonly dueDate: string;
  readonly dueAt: string;
  readonly reminders: Reminder[];
  readonly escalation?: Escalation;
  /** Present when a date fell in a year without holiday data (counted on weekends alone). */
  readonly provisional?: Provisional;
}

function field(data: StartFacts['data'], name: string): string | undefined {
  const value = data[name];
  return typeof value === 'string' ? value : undefined;
}

/** A date moved by a day-based duration (back when `sign` is -1). */
function shiftDate(date: string, d: Duration, sign: 1 | -1, calendar: WorkingCalendar): string {
  switch (d.unit) {
    case 'calendar_days':
      return addDays(date, sign * d.amount);
    case 'working_days':
      return calendar.addWorkingDays(date, sign * d.amount);
    case 'seconds':
      throw new RangeError('a duration in seconds cannot move a date');
    default: {
      const unknown: never = d.unit;
      throw new Error(`unknown duration unit ${JSON.stringify(unknown)}`);
    }
  }
}

type Due = { date: string } | { instant: string };

/** The due date (day-based rules) or instant (second-based rules) before any rolling. */
function rawDue(due: DueRule, facts: StartFacts, calendar: WorkingCalendar): Due | undefined {
  switch (due.kind) {
    case 'end_of_month': {
      const month = field(facts.data, due.field);
      return month === undefined ? undefined : { date: lastDayOfMonth(month) };
    }
    case 'after_start': {
      if (due.duration.unit === 'seconds')
        return { instant: addSeconds(facts.occurredAt, due.duration.amount) };
      const from = (due.from && field(facts.data, due.from)) ?? localDate(facts.occurredAt);
      return { date: shiftDate(from, due.duration, 1, calendar) };
    }
    case 'before_date': {
      const date = field(facts.data, due.field);
      if (date === undefined) return due.otherwise && rawDue(due.otherwise, facts, calendar);
      if (due.duration.unit === 'seconds')
        return { instant: addSeconds(startOfLocalDay(date), -due.duration.amount) };
      return { date: shiftDate(date, due.duration, -1, calendar) };
    }
    default: {
      const unknown: never = due;
      throw new Error(`unknown due rule ${JSON.stringify(unknown)}`);
    }
  }
}

/** The start event's fields a rule reads (its `requires`, `field` and `from` names). */
function fieldsUsed(rule: ClockRule, data: StartFacts['data']): Record<string, string> {
  const byKind = Object.values(rule.dueByKind ?? {}).flatMap((d) => [d.due, d.dueIfSimplified]);
  const names = [rule.startsOn.requires, ...[rule.due, rule.dueIfSimplified, ...byKind].flatMap(dueFields)];
  const used: Record<string, string> = {};
  for (const name of names) {
    const value = name === undefined ? undefined : field(data, name);
    if (name !== undefined && value !== undefined) used[name] = value;
  }
  return used;
}

const dueFields = (due: DueRule | undefined): (string | undefined)[] =>
  due === undefined
    ? []
    : due.kind === 'after_start'
      ? [due.from]
      : due.kind === 'before_date'
        ? [due.field, ...dueFields(due.otherwise)]
        : [due.field];

/**
 * The schedule of a clock starting on an event, or undefined when the event lacks the date the
 * rule needs (an assignment without a planned month starts no programme clock). A date in a year
 * the calendar has no holiday data for is counted on weekends alone and the schedule flagged
 * provisional: a clock is never lost for want of a year's data.
 */
export function scheduleOf(
  rule: ClockRule,
  reminderHour: number,
  facts: StartFacts,
  calendar: WorkingCalendar,
): Schedule | undefined {
  const uncovered = new Set<number>();
  const schedule = strictScheduleOf(
    rule,
    reminderHour,
    facts,
    calendar.lenient((year) => uncovered.add(year)),
  );
  if (schedule === undefined || uncovered.size === 0) return schedule;
  const years = [...uncovered].sort((a, b) => a - b);
  const { occurredAt, procedure, kind } = facts;
  const data = fieldsUsed(rule, facts.data);
  return {
    ...schedule,
    // The kind only where the rule counts by kind: it is part of what the schedule was computed from.
    provisional: {
      years,
      facts: { occurredAt, data, procedure, ...(kind !== undefined && rule.dueByKind && { kind }) },
    },
  };
}

/**
 * A provisional clock computed again with `calendar`: its new dates (reminders already sent stay
 * sent), provisional still if some year is still not covered; undefined when nothing changes.
 */
export function rescheduled(clock: Clock, book: RuleBook, calendar: WorkingCalendar): Clock | undefined {
  if (clock.provisional === undefined) return undefined;
  if (clock.provisional.years.every((year) => !calendar.covers(year))) return undefined;
  const set = book.regimes[clock.regime];
  const schedule = scheduleOf(set.clocks[clock.name], set.reminderHour, clock.provisional.facts, calendar);
  if (schedule === undefined) return undefined;
  const sent = new Map(clock.reminders.map((r) => [r.n, r.sentAt]));
  const reminders = schedule.reminders.map((r) => {
    const sentAt = sent.get(r.n);
    return sentAt === undefined ? r : { ...r, sentAt };
  });
  const escalation = schedule.escalation && {
    ...schedule.escalation,
    ...(clock.escalation?.sentAt !== undefined && { sentAt: clock.escalation.sentAt }),
  };
  const { provisional: _old, escalation: _before, ...rest } = clock;
  return {
    ...rest,
    dueDate: schedule.dueDate,
    dueAt: schedule.dueAt,
    reminders,
    ...(escalation && { escalation }),
    ...(schedule.provisional && { provisional: schedule.provisional }),
  };
}

function strictScheduleOf(
  rule: ClockRule,
  reminderHour: number,
  facts: StartFacts,
  calendar: WorkingCalendar,
): Schedule | undefined {
  if (rule.startsOn.requires !== undefined && field(facts.data, rule.startsOn.requires) === undefined)
    return undefined;
  const dueRule = dueRuleOf(rule, facts);
  const raw = rawDue(dueRule, facts, calendar);
  if (raw === undefined) return undefined;
  let dueDate: string;
  let dueAt: string;
  if ('instant' in raw) {
    dueAt = raw.instant;
    dueDate = localDate(dueAt);
  } else {
    // Counted back from a meeting, a due date never rolls forward (that would shorten the lead time).
    const countedBack = dueRule.kind === 'before_date' && field(facts.data, dueRule.field) !== undefined;
    dueDate = rule.rollToNextWorkingDay && !countedBack ? calendar.workingDayOnOrAfter(raw.date) : raw.date;
    // A deadline lasts to the end of its last day; a minimum has run once its day begins.
    dueAt = rule.kind === 'minimum' ? startOfLocalDay(dueDate) : endOfLocalDay(dueDate);
  }
  const reminders = rule.reminders
    .map((r, i) => ({
      n: i + 1,
      at: reminderAt(r.before, rule, dueDate, dueAt, reminderHour, calendar),
      roles: r.roles,
    }))
    // A reminder whose time has passed when the clock starts would fire at once: leave it out.
    .filter((r) => parseInstant(r.at) > parseInstant(facts.occurredAt));
  const escalation =
    rule.kind === 'deadline' && rule.escalation ? { at: dueAt, roles: rule.escalation.roles } : undefined;
  return { dueDate, dueAt, reminders, ...(escalation && { escalation }) };
}

/** The due rule for this document: its kind's, if the rule has one, then the simplified one if any. */
function dueRuleOf(rule: ClockRule, facts: StartFacts): DueRule {
  const own = (facts.kind !== undefined && rule.dueByKind?.[facts.kind]) || rule;
  return facts.procedure === 'simplified' && own.dueIfSimplified ? own.dueIfSimplified : own.due;
}

/** Seconds before the due instant, or a local hour on a day before the due date. */
function reminderAt(
  before: Duration,
  rule: ClockRule,
  dueDate: string,
  dueAt: string,
  hour: number,
  calendar: WorkingCalendar,
): string {
  if (before.unit === 'seconds') return addSeconds(dueAt, -before.amount);
  const date = shiftDate(dueDate, before, -1, calendar);
  // Nobody reads a reminder on a Sunday or during Tết: a duty is announced on the working day
  // before. A minimum announces a right, which must not come before the day it exists.
  const day = rule.kind === 'deadline' ? calendar.workingDayOnOrBefore(date) : date;
  return atLocalHour(day, hour);
}
