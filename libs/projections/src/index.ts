export type { Projection } from './projection.js';
export { foldText } from './fold-text.js';
export { documentIdOf, occurredAt, toDraftEvent } from './domain-event.js';
export { statusRowAfter, type StatusRow } from './document-status/document-status.rows.js';
export { documentStatusProjection } from './document-status/document-status.projection.js';
export { historyRowOf, type HistoryRow } from './document-history/document-history.rows.js';
export { documentHistoryProjection } from './document-history/document-history.projection.js';
export { ProjectionRunner, type RunnerOptions, type RunnerSnapshot } from './runner/projection-runner.js';
export {
  inProcessLocks,
  postgresLocks,
  type LockFactory,
  type ProjectionLock,
} from './runner/projection-lock.js';
export { migrate } from './runner/runner-tables.js';
export {
  listParked,
  countParked,
  replayParked,
  skipParked,
  type ParkedEvent,
  type ReplayOutcome,
  type ReplayOptions,
} from './runner/parked.js';
export { isTransient, backoffMs, TransientBatchError } from './runner/transient.js';
export { applyBatch, type BatchOptions } from './runner/apply-batch.js';
export {
  rebuildProjections,
  dropShadows,
  shadowSchema,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
} from './rebuild/rebuild.js';
export { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';
export {
  ReadModels,
  PositionBeyondHead,
  type ReadModelsOptions,
  type ProjectionStatus,
} from './read-models.js';
export { CheckpointWatch, type CheckpointWatchOptions } from './runner/checkpoint-watch.js';
export { ProjectionsModule, READ_MODELS, PROJECTIONS } from './hosting/projections.module.js';
