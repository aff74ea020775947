import type { Position, RecordedEvent, SqlClient } from '#event-store';
import { occurredAt } from '../domain-event.js';
import type { Projection } from '../projection.js';
import { CheckpointMoved, lockCheckpoint, park, saveCheckpoint } from './checkpoints.js';
import { isTransient, TransientBatchError } from './transient.js';

export interface BatchOptions {
  /** The read-model database, or a transaction already open on it (`nested`). */
  readonly sql: SqlClient;
  readonly projection: Projection;
  /** The checkpoint the batch starts from (compare-and-set). */
  readonly from: Position;
  readonly events: readonly RecordedEvent[];
  /** Attempts at one event failing deterministically before it is parked. */
  readonly maxAttempts?: number;
  readonly log?: (message: string) => void;
  /** Test seam: runs in the batch's transaction after its events, before the checkpoint moves. */
  readonly beforeCheckpoint?: (events: readonly RecordedEvent[]) => Promise<void> | void;
  /** `sql` is a transaction that must survive a failed fast pass: that pass runs under a savepoint. */
  readonly nested?: boolean;
  /**
   * A rebuild's stream pass (events in stream order, below a bound): the checkpoint is neither
   * checked nor moved (it is no global position yet). The pass records its progress in the
   * batch's transaction itself (rebuild.ts: the statement `sql` opens each transaction with).
   */
  readonly streamPass?: boolean;
}

/**
 * Applies a batch and moves the checkpoint in one transaction. The transaction first locks the
 * checkpoint row (so a rebuild's swap, which takes the same row lock, waits for the batch in
 * flight, and a batch started after a swap sees the moved checkpoint and stops). The fast pass
 * uses the projection's `applyBatch` when it has one (else `apply` per event) without
 * savepoints; when it fails, the batch runs again with a savepoint per event, so a poison event
 * is retried, then parked, and the others still land.
 *
 * Only deterministic errors park. A transient one (a statement timeout, a deadlock, a full disk,
 * a lost connection: see transient.ts), in either pass, rolls the whole batch back and throws
 * TransientBatchError: the checkpoint stays where it was and the runner retries after a back-off.
 */
export async function applyBatch(o: BatchOptions): Promise<void> {
  const { projection, from, events } = o;
  const last = events[events.length - 1];
  const commit = async (tx: SqlClient, fast: boolean) => {
    if (!o.streamPass) await lockCheckpoint(tx, projection.name, from);
    if (fast && projection.applyBatch) await projection.applyBatch(tx, events);
    else if (fast) for (const e of events) await projection.apply(tx, e);
    else for (const e of events) await applyCarefully(tx, e, o);
    await o.beforeCheckpoint?.(events);
    if (!o.streamPass) await saveCheckpoint(tx, projection.name, from, last, occurredAt(last));
  };
  try {
    await o.sql.transaction((tx) =>
      o.nested ? underSavepoint(tx, 'projection_batch', () => commit(tx, true)) : commit(tx, true),
    );
  } catch (error) {
    if (error instanceof CheckpointMoved) throw error;
    if (isTransient(error)) throw new TransientBatchError(projection.name, error);
    const message = error instanceof Error ? error.message : String(error);
    o.log?.(
      `projection ${projection.name}: batch of ${events.length} failed (${message}); one event at a time`,
    );
    try {
      await o.sql.transaction((tx) => commit(tx, false));
    } catch (retry) {
      if (retry instanceof CheckpointMoved || retry instanceof TransientBatchError) throw retry;
      if (isTransient(retry)) throw new TransientBatchError(projection.name, retry);
      throw retry;
    }
  }
}

async function underSavepoint<T>(tx: SqlClient, name: string, fn: () => Promise<T>): Promise<T> {
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * One event under its own savepoint: a deterministic failure is retried, then parked, without
 * losing the batch's others; a transient one aborts the batch (nothing parked, nothing moved).
 */
async function applyCarefully(tx: SqlClient, event: RecordedEvent, o: BatchOptions): Promise<void> {
  const { projection } = o;
  const maxAttempts = o.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await underSavepoint(tx, 'projection_event', () => projection.apply(tx, event));
      return;
    } catch (error) {
      if (isTransient(error)) throw new TransientBatchError(projection.name, error);
      if (attempt >= maxAttempts) {
        await park(tx, projection.name, event, error, attempt);
        o.log?.(`projection ${projection.name}: parked event ${event.id} after ${attempt} attempts`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}
