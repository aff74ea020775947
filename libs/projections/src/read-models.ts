import { comparePositions, type EventStore, type Position, type SqlClient } from '#event-store';
import type { Projection } from './projection.js';
import {
  countParked,
  listParked,
  replayParked,
  skipParked,
  type ParkedEvent,
  type ReplayOutcome,
} from './runner/parked.js';
import type { LockFactory } from './runner/projection-lock.js';
import { ProjectionRunner, type RunnerOptions } from './runner/projection-runner.js';
import { migrate } from './runner/runner-tables.js';

export interface ReadModelsOptions {
  readonly store: EventStore;
  readonly sql: SqlClient;
  readonly locks: LockFactory;
  readonly projections: readonly Projection[];
  /** Host the runners in this process (otherwise another process does: a worker). */
  readonly run: boolean;
  readonly runner?: Partial<Omit<RunnerOptions, 'store' | 'sql' | 'projection' | 'lock'>>;
}

/** How far one projection is, read from the database (true in any process). */
export interface ProjectionStatus {
  readonly name: string;
  readonly checkpoint: string | null;
  /** Events not applied yet, counted up to 100 (`eventsBehindCapped` past that). */
  readonly eventsBehind: number;
  readonly eventsBehindCapped: boolean;
  /** Age of the oldest event not applied yet (0 when caught up). */
  readonly lagMs: number;
  readonly lastRecordedAt: string | null;
  readonly lastOccurredAt: string | null;
  readonly parked: number;
  /** Hosted in this process and holding the projection's lock. */
  readonly activeHere: boolean;
}

const BEHIND_CAP = 100;

type CheckpointRow = {
  name: string;
  commit: string;
  prepare: string;
  last_recorded_at: string | null;
  last_occurred_at: string | null;
};

/** The read side's runtime: migrations, runners, read-your-writes waits and status. */
export class ReadModels {
  private runners: ProjectionRunner[] = [];

  constructor(private readonly o: ReadModelsOptions) {}

  get sql(): SqlClient {
    return this.o.sql;
  }

  async start(): Promise<void> {
    await migrate(this.o.sql, this.o.projections);
    if (!this.o.run) return;
    const { store, sql, locks } = this.o;
    this.runners = this.o.projections.map(
      (projection) =>
        new ProjectionRunner({ ...this.o.runner, store, sql, projection, lock: locks(projection.name) }),
    );
    for (const r of this.runners) r.start();
  }

  /** Each runner finishes its batch, commits and releases its lock. */
  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    this.runners = [];
  }

  wake(): void {
    for (const r of this.runners) r.wake();
  }

  /** The projections this process knows, by name (undefined for an unknown name). */
  projection(name: string): Projection | undefined {
    return this.o.projections.find((p) => p.name === name);
  }

  /** Parked events of one projection or of all, in global order. */
  parked(projection?: string, limit?: number): Promise<ParkedEvent[]> {
    return listParked(this.o.sql, projection, limit);
  }

  /** Applies parked events again (one, or all of the projection's in order); see replayParked. */
  replayParked(projection: Projection, eventId?: string): Promise<ReplayOutcome[]> {
    return replayParked({ store: this.o.store, sql: this.o.sql, projection, eventId });
  }

  /** Forgets a parked event without applying it; false when it was not parked. */
  skipParked(projection: string, eventId: string): Promise<boolean> {
    return skipParked(this.o.sql, projection, eventId);
  }

  /** The runners of this process, for tests and diagnostics. */
  get hosted(): readonly ProjectionRunner[] {
    return this.runners;
  }

  /**
   * Resolves true once every projection's checkpoint is at or past `position` (read-your-writes),
   * false when `timeoutMs` passes first. Checkpoints are read from the database, so this holds
   * whichever process runs the projections.
   */
  async waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.passed(position)) return true;
      if (Date.now() >= deadline) return false;
      this.wake();
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, deadline - Date.now()))));
    }
  }

  private async passed(position: Position): Promise<boolean> {
    const rows = await this.checkpoints();
    return this.o.projections.every((p) => {
      const row = rows.get(p.name);
      return row !== undefined && comparePositions(toPosition(row), position) >= 0;
    });
  }

  async status(now: Date = new Date()): Promise<ProjectionStatus[]> {
    const rows = await this.checkpoints();
    const parked = await countParked(this.o.sql);
    return Promise.all(
      this.o.projections.map(async ({ name }) => {
        const row = rows.get(name);
        const after = row ? toPosition(row) : undefined;
        const pending = await this.o.store.readAll({ after, limit: BEHIND_CAP + 1 });
        const oldest = pending[0]?.recordedAt;
        return {
          name,
          checkpoint: row ? `${row.commit}-${row.prepare}` : null,
          eventsBehind: Math.min(pending.length, BEHIND_CAP),
          eventsBehindCapped: pending.length > BEHIND_CAP,
          lagMs: oldest === undefined ? 0 : Math.max(0, now.getTime() - Date.parse(oldest)),
          lastRecordedAt: row?.last_recorded_at ?? null,
          lastOccurredAt: row?.last_occurred_at ?? null,
          parked: parked.get(name) ?? 0,
          activeHere: this.runners.some((r) => r.name === name && r.snapshot().active),
        };
      }),
    );
  }

  private async checkpoints(): Promise<Map<string, CheckpointRow>> {
    const rows = await this.o.sql.query<CheckpointRow>(
      `SELECT name, commit::text AS commit, prepare::text AS prepare,
              to_char(last_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_recorded_at,
              to_char(last_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_occurred_at
         FROM projection_checkpoints`,
    );
    return new Map(rows.map((r) => [r.name, r]));
  }
}

const toPosition = (row: { commit: string; prepare: string }): Position => ({
  commit: BigInt(row.commit),
  prepare: BigInt(row.prepare),
});
