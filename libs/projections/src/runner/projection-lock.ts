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
}

/** Advisory locks on dedicated `pg` connections, keyed by schema and projection name. */
export const postgresLocks =
  (target: LockTarget): LockFactory =>
  (projection) =>
    new PgSessionLock(target, projection);

class PgSessionLock implements ProjectionLock {
  private client: pg.Client | undefined;
  private holding = false;

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
      await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('draftline-projection:' || current_schema() || ':' || $1)::bigint) AS ok`,
        [this.projection],
      )
    ).rows;
    this.holding = row?.ok === true;
    return this.holding;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.holding = false;
    // Closing the session frees its advisory locks.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client(this.target.connection);
    const lost = () => {
      this.holding = false;
      if (this.client === client) this.client = undefined;
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.client = client;
    return client;
  }
}
