import type { RecordedEvent, SqlClient } from '#event-store';

/**
 * A read model fed by the store in global order. The read-model logic lives in pure functions
 * (event to row changes) beside each projection; `apply` only turns their answer into SQL.
 */
export interface Projection {
  /** Unique and stable: checkpoints, parked events and the advisory lock are keyed by it. */
  readonly name: string;
  /** Bumped when the rows' meaning changes (a rebuild is then due). */
  readonly version: number;
  /** Ordered DDL, one statement each; entry i is migration i + 1, run once (read_model_migrations). */
  readonly migrations: readonly string[];
  /** Applies one event inside the runner's transaction; throwing retries, then parks it. */
  apply(tx: SqlClient, event: RecordedEvent): Promise<void>;
  /**
   * Optional fast path: applies a whole batch (in order) with the same result as `apply` on each
   * event, in fewer round trips. Throwing falls back to `apply` per event under savepoints, so a
   * poison event is still retried and parked one by one.
   */
  applyBatch?(tx: SqlClient, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * True when every row depends on one stream's events alone, in revision order, never on how
   * streams interleave (a document's status folds its draft stream; a history row is one
   * event). A rebuild then applies everything below a fixed bound stream by stream, in pages
   * of whole histories, so each document's row is written about once (see rebuild.ts), and
   * only what came after in global order.
   */
  readonly foldsByStream?: boolean;
  /**
   * Events a batch may take (one transaction and commit each) when the runner is behind; the
   * runner's own (200) when unset. Larger pages catch up with fewer round trips and commits, but
   * a batch's transaction holds back every global-order reader while it is open (schema.ts
   * READ_BOUND), so only a projection whose batches are cheap per event should raise it.
   */
  readonly batchSize?: number;
  /**
   * Primary-key or unique constraints of its tables that no write of it relies on while a rebuild
   * fills a shadow (no ON CONFLICT on them; a plain INSERT whose duplicate would only mean a broken
   * exactly-once guarantee). The rebuild drops them for the load and adds them back once at the
   * end, which checks them (rebuild.ts, finishBulkLoad).
   */
  readonly deferredConstraints?: readonly string[];
}
