// The pure part of the statutory deadlines: holiday data, working calendar, clock rules and the
// clock logic. No framework, database or queue imports here.
export type { DayOff, DayOffKind, HolidayYear, WorkingWeekendDay } from './holidays/holiday.types.js';
export { VIETNAM_HOLIDAYS } from './holidays/holidays.data.js';
export {
  InvalidHolidayData,
  MissingHolidayData,
  VIETNAM_CALENDAR,
  WorkingCalendar,
} from './working.calendar.js';
export * from './rule.types.js';
export {
  DEFAULT_UNVERIFIED_SETTINGS,
  STATUTORY_RULES,
  statutoryRules,
  TEST_RULES,
  type UnverifiedClockSettings,
} from './clock.rules.js';
export * from './clock.types.js';
export { rescheduled, scheduleOf, type Schedule, type StartFacts } from './clock.schedule.js';
export { HOLIDAY_WARN_DAYS, holidayDataCoverage, type HolidayCoverage } from './holiday.coverage.js';
export { evolveClocks, type ClockEvolution, type ClockInput } from './clock.evolve.js';
export { dueIn, isMissed, openClocks } from './clock.queries.js';
export * from './deadline.events.js';
export * from './deadline.jobs.js';
export { addSeconds, endOfLocalDay, startOfLocalDay } from './vietnam.time.js';
// The deadlines read model (SQL through the port it is given; no driver import): listed with the
// live projections. The BullMQ side is '#deadlines/queue'; its Nest hosting '#deadlines/hosting'.
export { deadlinesProjection } from './queue/deadlines.projection.js';
