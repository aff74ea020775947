// The infrastructure side of deadlines: the read model, the BullMQ queue, the scheduler that
// feeds it, the processor that runs its jobs and the reconciler that heals it.
export { deadlinesProjection, outboxRowsOf, allJobIdsOf } from './deadlines.projection.js';
export { activeRuleBook, ruleBookFor, useRuleBook } from './rule-book.js';
export * from './deadline.queue.js';
export { DeadlineScheduler } from './deadline.scheduler.js';
export { DeadlineReconciler, type ReconcileResult } from './deadline.reconciler.js';
export * from './reminder.processor.js';
export { clockById, clocksOfDocument, databaseNow, openClocksAfter } from './deadline.rows.js';
export {
  holidayDataDaysLeft,
  provisionalClocks,
  recomputeProvisionalClocks,
  type RecomputeResult,
} from './provisional.js';
