// The projection lock across database faults (issue 8, item 1), against a PostgreSQL cluster of
// this file's own: a holder notices it lost its lock, whether the server restarted (the
// connection closes) or the connection went silent while the server freed the lock (a cut
// network: only a check on the connection tells), and takes the lock again once it can.
import pg from 'pg';
import {
  startPrivatePostgres,
  type PrivatePostgres,
} from '../../../../test/reliability/support/private-postgres.js';
import { freePort } from '../../../../test/reliability/support/processes.js';
import { startTcpProxy, type TcpProxy } from '../../../../test/reliability/support/tcp-proxy.js';
import { postgresLocks, type ProjectionLock } from './projection-lock.js';

// Taken as the file starts: a fixed port in the ephemeral range may be held by any connection.
const PORT = await freePort();
let pg_: PrivatePostgres;
let proxy: TcpProxy | undefined;
const locks: ProjectionLock[] = [];

beforeAll(async () => {
  pg_ = await startPrivatePostgres(PORT);
}, 30_000);

afterAll(async () => {
  await Promise.all(locks.map((l) => l.release()));
  await proxy?.close();
  await pg_?.destroy();
});

const lockAt = (url: string, name: string) => {
  const lock = postgresLocks({
    connection: { connectionString: url },
    checkEveryMs: 100,
    checkTimeoutMs: 300,
  })(name);
  locks.push(lock);
  return lock;
};

/** Polls `check` every 20 ms until it is true; false after `ms`. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve(check()).catch(() => false)) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('an immediate restart: the holder sees the lock gone, and takes it again once the server is back', async () => {
  const lock = lockAt(pg_.url, 'restart');
  expect(await lock.tryAcquire()).toBe(true);
  await pg_.restartImmediate();
  expect(await within(2000, () => !lock.held)).toBe(true);
  expect(await within(10_000, () => lock.tryAcquire())).toBe(true);
  expect(lock.held).toBe(true);
}, 30_000);

it('a silent connection whose session the server ended: the holder notices by its check and lets the other in', async () => {
  proxy = await startTcpProxy('127.0.0.1', PORT);
  const holder = lockAt(
    `postgres://postgres@127.0.0.1:${proxy.port}/postgres?application_name=silent`,
    'cut',
  );
  const standby = lockAt(pg_.url, 'cut');
  expect(await holder.tryAcquire()).toBe(true);
  expect(await standby.tryAcquire()).toBe(false);

  // The network goes silent, then the server ends the holder's session (as TCP keepalive or an
  // administrator would): the lock is free on the server, and no close reaches the holder.
  proxy.freeze();
  const admin = new pg.Client({ connectionString: pg_.url });
  await admin.connect();
  try {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'silent'`,
    );
  } finally {
    await admin.end();
  }
  expect(await within(5000, () => standby.tryAcquire())).toBe(true);
  // Within its check's period and timeout, the old holder no longer believes it holds the lock.
  expect(await within(2000, () => !holder.held)).toBe(true);
}, 30_000);
