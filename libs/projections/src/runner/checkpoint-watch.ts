import { comparePositions, type Position } from '#event-store';

export interface CheckpointWatchOptions {
  /** The projections' checkpoints now (absent: not started). */
  readonly read: () => Promise<ReadonlyMap<string, Position>>;
  /** The projections a position must be passed by. */
  readonly names: readonly string[];
  /** Pause between reads while someone waits and no runner here says it moved. */
  readonly pollMs: () => number;
  /** Called when a first waiter arrives (new events are expected: wake the runners). */
  readonly onFirstWaiter?: () => void;
  readonly log?: (message: string) => void;
}

interface Waiter {
  readonly position: Position;
  readonly done: (passed: boolean) => void;
}

/**
 * Read-your-writes waits, shared: however many requests wait, one loop reads the checkpoints
 * (one query, or none when the runners are in this process and report their progress through
 * `notify`) and answers every waiter the read satisfies. A request waiting costs a timer, not a
 * poll loop of its own on the database.
 */
export class CheckpointWatch {
  private readonly waiters = new Set<Waiter>();
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private notified = false;

  constructor(private readonly o: CheckpointWatchOptions) {}

  /** Requests waiting now (diagnostics and tests). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** A runner committed a batch: read again now. */
  notify(): void {
    this.notified = true;
    this.wakeUp?.();
  }

  /** True once every projection passed `position`; false when `timeoutMs` passes first. */
  async wait(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.passes(await this.o.read(), position)) return true;
    if (timeoutMs <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        done: (passed) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(passed);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.waiters.add(waiter);
      if (this.waiters.size === 1) this.o.onFirstWaiter?.();
      this.loop ??= this.watch().finally(() => (this.loop = undefined));
    });
  }

  /** Answers every waiter false (shutdown). */
  close(): void {
    for (const w of [...this.waiters]) w.done(false);
  }

  private async watch(): Promise<void> {
    while (this.waiters.size > 0) {
      await this.pause();
      if (this.waiters.size === 0) break;
      try {
        const checkpoints = await this.o.read();
        for (const w of [...this.waiters]) if (this.passes(checkpoints, w.position)) w.done(true);
      } catch (error) {
        this.o.log?.(`waiting for a position: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private pause(): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, this.o.pollMs());
      timer.unref?.(); // a watch alone must not keep the process alive
      this.wakeUp = done;
    });
  }

  private passes(checkpoints: ReadonlyMap<string, Position>, position: Position): boolean {
    return this.o.names.every((name) => {
      const at = checkpoints.get(name);
      return at !== undefined && comparePositions(at, position) >= 0;
    });
  }
}
