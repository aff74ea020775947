export * from './report.state.js';
export { reportFold } from './report.fold.js';
export * from './programme-report.js';
export { stageDays, TIMED_STAGES, type StageDays } from './stage-days.js';
export * from './report.csv.js';
export { asOfAsAsked, endOfLocalDay, lastDayOfMonth } from './as-of.js';
export { mayReadReport } from './report.access.js';
