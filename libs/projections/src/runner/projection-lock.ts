import pg from 'pg';

/**
 * "Only one process applies this projection": a PostgreSQL session advisory lock held on a
 * connection of its own. When the holder dies its connection drops and the lock frees; a
 * standby's next try takes it.
 */
export interface ProjectionLock {
  /** Tries to take the lock (no wait); true while it is held. */
  tryAcquire(): Promise<boolean>;
  /** False once released or once the holding connection is lost. */
  readonly held: boolean;
  release(): Promise<void>;
}

export type LockFactory = (projection: string) => ProjectionLock;

/** One process owns the database (PGlite): the lock is trivially held. */
export const inProcessLocks: LockFactory = () => {
  let held = false;
  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      held = true;
      return true;
    },
    async release() {
      held = false;
    },
  };
};

/** Where a lock connection goes: the read-model database and the schema its tables are in. */
export interface LockTarget {
  readonly connection: pg.ClientConfig;
  /**
   * While held, the lock's connection is asked this often whether its session still holds an
   * advisory lock (default 5 s): a connection gone silent (a cut network) closes nothing, yet
   * the server may have ended the session and freed the lock for another process.
   */
  readonly checkEveryMs?: number;
  /** A check with no answer within this long counts as a lost lock (default 5 s). */
  readonly checkTimeoutMs?: number;
}

/** Advisory locks on dedicated `pg` connections, keyed by schema and projection name. */
export const postgresLocks =
  (target: LockTarget): LockFactory =>
  (projection) =>
    new PgSessionLock(target, projection);

const LOCK_KEY = `hashtext('draftline-projection:' || current_schema() || ':' || $1)::bigint`;

class PgSessionLock implements ProjectionLock {
  private client: pg.Client | undefined;
  private holding = false;
  private check: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: LockTarget,
    private readonly projection: string,
  ) {}

  get held(): boolean {
    return this.holding;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.holding) return true;
    const client = this.client ?? (await this.connect());
    const [row] = (
      await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS ok`, [this.projection])
    ).rows;
    this.holding = row?.ok === true && this.client === client;
    if (this.holding) this.startChecks(client);
    return this.holding;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.drop();
    // Closing the session frees its advisory locks.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    // keepAlive: the OS, too, ends a connection whose peer has gone silent.
    const client = new pg.Client({
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      ...this.target.connection,
    });
    // A lost connection emits 'error' (and 'end'): the lock went with the session. Without the
    // listener Node would end the process.
    const lost = () => {
      if (this.client === client) this.drop();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.client = client;
    return client;
  }

  /** The lock is gone with its connection (lost, or released): forget both. */
  private drop(): void {
    clearInterval(this.check);
    this.check = undefined;
    this.client = undefined;
    this.holding = false;
  }

  /** Asks the holding session, now and then, whether it still holds the lock (see LockTarget). */
  private startChecks(client: pg.Client): void {
    const { checkEveryMs = 5000, checkTimeoutMs = 5000 } = this.target;
    let inFlight = false;
    this.check = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      this.stillHeld(client, checkTimeoutMs)
        .then((ok) => {
          if (!ok && this.client === client) this.abandon(client);
        })
        .finally(() => (inFlight = false));
    }, checkEveryMs);
    this.check.unref();
  }

  private async stillHeld(client: pg.Client, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
    const answer = client
      .query<{ ok: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                          AND pid = pg_backend_pid()) AS ok`,
      )
      .then((r) => r.rows[0]?.ok === true)
      .catch(() => false);
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives up a connection that no longer answers for its lock; the next tryAcquire opens a new one. */
  private abandon(client: pg.Client): void {
    this.drop();
    // A silent peer never answers the goodbye: cut the socket rather than wait for it.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    void client.end().catch(() => undefined);
  }
}
