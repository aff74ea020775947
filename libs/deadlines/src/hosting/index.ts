// The Nest hosting of deadlines and notifications, for apps/api (embedded: the worker side in the
// same process, and in tests) and apps/worker (server mode). Where the worker side does not run,
// the api still reads the deadlines, the inbox and the directory from SQL (DEADLINES).
export { DeadlinesModule, DEADLINES, DEADLINE_WORKERS } from './deadlines.module.js';
export { DeadlineReads } from './deadline-reads.js';
export { DeadlineWorkers, type DeadlineWorkersOptions } from './deadline-workers.js';
export { migrateDeadlineTables } from './deadline-tables.js';
export { deadlinePreflight } from './deadline-preflight.js';
