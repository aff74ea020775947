import {
  comparePositions,
  formatPosition,
  READ_BOUND,
  START,
  storeHead,
  type EventStore,
  type Position,
  type SqlClient,
} from '#event-store';
import type { Projection } from './projection.js';
import { CheckpointWatch } from './runner/checkpoint-watch.js';
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
  /**
   * How often the one shared watch reads the checkpoints while requests wait and the runners are
   * elsewhere (default 25 ms); with every runner here it is woken by their progress instead.
   */
  readonly waitPollMs?: number;
}

/** A `consistentWith` position no event of the store has reached: no command answered it. */
export class PositionBeyondHead extends Error {
  constructor(
    readonly position: Position,
    readonly head: Position,
  ) {
    super(`position ${formatPosition(position)} is beyond the store's head ${formatPosition(head)}`);
    this.name = 'PositionBeyondHead';
  }
}

/** How far one projection is, read from the database (true in any process). */
export interface ProjectionStatus {
  readonly name: string;
  readonly checkpoint: string | null;
  /**
   * Events in the store past the checkpoint, counted up to the cap (`eventsBehindCapped` past
   * it), including those the snapshot rule still hides behind an open transaction.
   */
  readonly eventsBehind: number;
  readonly eventsBehindCapped: boolean;
  /** Of those, the ones a reader cannot pass yet: committed after a transaction still open. */
  readonly eventsHeldBack: number;
  /** Age of the oldest event not projected yet, by the database's clock (0 when caught up). */
  readonly lagMs: number;
  readonly lastRecordedAt: string | null;
  readonly lastOccurredAt: string | null;
  readonly parked: number;
  /** Hosted in this process and holding the projection's lock. */
  readonly activeHere: boolean;
}

/** Events counted past a checkpoint at most (the readiness bound asks for more when it is higher). */
const BEHIND_CAP = 10_000;

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
  private readonly watch: CheckpointWatch;

  constructor(private readonly o: ReadModelsOptions) {
    this.watch = new CheckpointWatch({
      read: () => this.currentCheckpoints(),
      names: o.projections.map((p) => p.name),
      pollMs: () => (this.allActiveHere() ? 250 : (o.waitPollMs ?? 25)),
      onFirstWaiter: () => this.wake(),
      log: o.runner?.log,
    });
  }

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
    for (const r of this.runners) r.onProgress(() => this.watch.notify());
    for (const r of this.runners) r.start();
  }

  /** Each runner finishes its batch, commits and releases its lock. */
  async stop(): Promise<void> {
    this.watch.close();
    await Promise.all(this.runners.map((r) => r.stop()));
    this.runners = [];
  }

  wake(): void {
    for (const r of this.runners) r.wake();
  }

  /** Requests waiting for a position now (they share one watch). */
  get waiting(): number {
    return this.watch.waiting;
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
   * false when `timeoutMs` passes first; rejects with PositionBeyondHead at once for a position
   * past the newest event in the store (committed or not yet visible), which no wait can reach.
   * Waiters share one watch of the checkpoints (see CheckpointWatch), so this holds whichever
   * process runs the projections, and a thousand waiters cost what one does.
   */
  async waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    if (passedBy(await this.currentCheckpoints(), this.o.projections, position)) return true;
    const head = await this.head();
    if (head !== undefined && comparePositions(position, head) > 0)
      throw new PositionBeyondHead(position, head);
    return this.watch.wait(position, timeoutMs);
  }

  /**
   * The newest event's position in the store, counting events the snapshot rule still hides
   * (undefined for a store without SQL tables).
   */
  async head(): Promise<Position | undefined> {
    const sql = storeSql(this.o.store);
    if (!sql) return undefined;
    return (await storeHead(sql)) ?? START;
  }

  private allActiveHere(): boolean {
    return (
      this.runners.length === this.o.projections.length && this.runners.every((r) => r.snapshot().active)
    );
  }

  /** From the runners' memory when all run here, else one read of the checkpoint table. */
  private async currentCheckpoints(): Promise<ReadonlyMap<string, Position>> {
    if (this.allActiveHere()) {
      const known = this.runners.map((r) => [r.name, r.snapshot().checkpoint] as const);
      if (known.every(([, c]) => c !== undefined)) return new Map(known as [string, Position][]);
    }
    const rows = await this.checkpoints();
    return new Map([...rows].map(([name, row]) => [name, toPosition(row)]));
  }

  /**
   * Each projection's checkpoint, real lag and parked events. The lag is counted in the store's
   * tables past the checkpoint without the snapshot rule, so events held behind a long-open
   * transaction (which `readAll` does not return yet) and events a stopped worker never applied
   * both show, with the age of the oldest; `cap` bounds the count (a cheap index range scan).
   */
  async status(options: { cap?: number; now?: Date } = {}): Promise<ProjectionStatus[]> {
    const cap = Math.max(1, options.cap ?? BEHIND_CAP);
    const rows = await this.checkpoints();
    const parked = await countParked(this.o.sql);
    return Promise.all(
      this.o.projections.map(async ({ name }) => {
        const row = rows.get(name);
        const after = row ? toPosition(row) : START;
        const behind = await this.behind(after, cap, options.now ?? new Date());
        return {
          name,
          checkpoint: row ? `${row.commit}-${row.prepare}` : null,
          eventsBehind: Math.min(behind.n, cap),
          eventsBehindCapped: behind.n > cap,
          eventsHeldBack: Math.min(behind.heldBack, cap),
          lagMs: behind.lagMs,
          lastRecordedAt: row?.last_recorded_at ?? null,
          lastOccurredAt: row?.last_occurred_at ?? null,
          parked: parked.get(name) ?? 0,
          activeHere: this.runners.some((r) => r.name === name && r.snapshot().active),
        };
      }),
    );
  }

  /** Events past `after` (up to cap + 1), those held back by an open transaction, the oldest's age. */
  private async behind(
    after: Position,
    cap: number,
    now: Date,
  ): Promise<{ n: number; heldBack: number; lagMs: number }> {
    const sql = storeSql(this.o.store);
    if (!sql) {
      // No SQL tables (KurrentDB): what the store's own reader returns is all there is to count.
      const pending = await this.o.store.readAll({ after, limit: cap + 1 });
      const oldest = pending[0]?.recordedAt;
      const lagMs = oldest === undefined ? 0 : Math.max(0, now.getTime() - Date.parse(oldest));
      return { n: pending.length, heldBack: 0, lagMs };
    }
    const [row] = await sql.query<{ n: number; held: number; lag_ms: string | null }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE commit_order >= ${READ_BOUND})::int AS held,
              (extract(epoch FROM (now() - min(recorded_at))) * 1000)::bigint::text AS lag_ms
         FROM (SELECT commit_order, recorded_at FROM events
                WHERE (commit_order, position) > ($1::bigint, $2::bigint)
                ORDER BY commit_order, position LIMIT $3::bigint) past`,
      [after.commit.toString(), after.prepare.toString(), cap + 1],
    );
    return {
      n: Number(row?.n ?? 0),
      heldBack: Number(row?.held ?? 0),
      lagMs: Math.max(0, Number(row?.lag_ms ?? 0)),
    };
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

const passedBy = (
  checkpoints: ReadonlyMap<string, Position>,
  projections: readonly Projection[],
  position: Position,
): boolean =>
  projections.every((p) => {
    const at = checkpoints.get(p.name);
    return at !== undefined && comparePositions(at, position) >= 0;
  });

const storeSql = (store: EventStore): SqlClient | undefined => (store as { sql?: SqlClient }).sql;

const toPosition = (row: { commit: string; prepare: string }): Position => ({
  commit: BigInt(row.commit),
  prepare: BigInt(row.prepare),
});
