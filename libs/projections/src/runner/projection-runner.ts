import type { EventStore, Position, RecordedEvent, SqlClient } from '#event-store';
import type { Projection } from '../projection.js';
import { applyBatch } from './apply-batch.js';
import { loadCheckpoint } from './checkpoints.js';
import type { ProjectionLock } from './projection-lock.js';
import { backoffMs } from './transient.js';

export interface RunnerOptions {
  readonly store: EventStore;
  /** The read-model database: read models, checkpoints and parked events live there. */
  readonly sql: SqlClient;
  readonly projection: Projection;
  readonly lock: ProjectionLock;
  /** Events a batch may take: this, else the projection's own (Projection.batchSize), else 200. */
  readonly batchSize?: number;
  /** Pause when caught up (a wake() cuts it short). */
  readonly idleMs?: number;
  /** Pause between tries for the lock while another process holds it. */
  readonly standbyMs?: number;
  /**
   * First pause after a failed batch (database gone, a statement timeout, checkpoint moved)
   * before trying again; doubled per consecutive failure up to `maxErrorBackoffMs`.
   */
  readonly errorBackoffMs?: number;
  readonly maxErrorBackoffMs?: number;
  /** Attempts at one event failing deterministically before it is parked. */
  readonly maxAttempts?: number;
  readonly log?: (message: string) => void;
  /** Test seam: runs in the batch's transaction after its events, before the checkpoint moves. */
  readonly beforeCheckpoint?: (events: readonly RecordedEvent[]) => Promise<void> | void;
}

/** What one runner knows about itself, without asking the database. */
export interface RunnerSnapshot {
  readonly name: string;
  readonly active: boolean;
  readonly checkpoint: Position | undefined;
  readonly lastRecordedAt: string | undefined;
  readonly lastError: string | undefined;
  /** Batches failed in a row (0 after a success): the back-off grows with it. */
  readonly failures: number;
}

type Step = 'standby' | 'idle' | 'full';

/**
 * Applies one projection to the store's events in global order. Each batch and the checkpoint
 * move in one transaction on the read-model database, so a crash anywhere repeats nothing and
 * loses nothing (see apply-batch.ts: fast pass, then a savepoint per event when it fails).
 */
export class ProjectionRunner {
  private checkpoint: Position | undefined;
  private lastRecordedAt: string | undefined;
  private lastError: string | undefined;
  private failures = 0;
  private backingOff = false;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private readonly progress = new Set<() => void>();

  constructor(private readonly o: RunnerOptions) {}

  get name(): string {
    return this.o.projection.name;
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Lets the batch in flight commit, then releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
  }

  /**
   * Polls now instead of at the end of the idle pause (called when new events are expected).
   * A back-off after a failure is not cut short: waiting readers must not defeat it.
   */
  wake(): void {
    if (!this.backingOff) this.wakeUp?.();
  }

  /** Calls `listener` after every committed batch; returns the unsubscribe function. */
  onProgress(listener: () => void): () => void {
    this.progress.add(listener);
    return () => this.progress.delete(listener);
  }

  snapshot(): RunnerSnapshot {
    const { name, checkpoint, lastRecordedAt, lastError, failures } = this;
    return { name, active: this.o.lock.held, checkpoint, lastRecordedAt, lastError, failures };
  }

  private async loop(): Promise<void> {
    const { idleMs = 25, standbyMs = 250, errorBackoffMs = 500, maxErrorBackoffMs = 30_000 } = this.o;
    while (!this.stopping) {
      try {
        const step = await this.step();
        this.lastError = undefined;
        this.failures = 0;
        if (step !== 'full') await this.pause(step === 'standby' ? standbyMs : idleMs);
      } catch (error) {
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        const wait = backoffMs(this.failures, errorBackoffMs, Math.max(errorBackoffMs, maxErrorBackoffMs));
        this.o.log?.(`projection ${this.name}: ${this.lastError}; retry ${this.failures} in ${wait} ms`);
        this.checkpoint = undefined; // reload: another runner may have moved it
        this.backingOff = true;
        await this.pause(wait).finally(() => (this.backingOff = false));
      }
    }
    await this.o.lock.release();
  }

  private async step(): Promise<Step> {
    if (!this.o.lock.held) {
      this.checkpoint = undefined;
      if (!(await this.o.lock.tryAcquire())) return 'standby';
    }
    this.checkpoint ??= await loadCheckpoint(this.o.sql, this.name);
    const limit = this.o.batchSize ?? this.o.projection.batchSize ?? 200;
    const events = await this.o.store.readAll({ after: this.checkpoint, limit });
    if (events.length === 0) return 'idle';
    await this.applyBatch(this.checkpoint, events);
    return events.length === limit ? 'full' : 'idle';
  }

  private async applyBatch(from: Position, events: readonly RecordedEvent[]): Promise<void> {
    const { sql, projection, maxAttempts, log, beforeCheckpoint } = this.o;
    await applyBatch({ sql, projection, from, events, maxAttempts, log, beforeCheckpoint });
    const last = events[events.length - 1];
    this.checkpoint = last.position;
    this.lastRecordedAt = last.recordedAt;
    for (const listener of this.progress) listener();
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
