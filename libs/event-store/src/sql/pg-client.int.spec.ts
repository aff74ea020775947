// A PostgreSQL restart under a PgClient (issue 8, item 1): against a cluster of this file's own,
// restarted with `pg_ctl -m immediate restart` while a transaction holds a pooled connection. The
// transaction fails as StoreUnavailableError (a retry may succeed), the process does not crash on
// the connection's 'error' event, and the same client works again once the server is back.
import {
  startPrivatePostgres,
  type PrivatePostgres,
} from '../../../../test/reliability/support/private-postgres.js';
import { freePort } from '../../../../test/reliability/support/processes.js';
import { StoreUnavailableError } from '../errors.js';
import { PgClient } from './pg-client.js';

// Taken as the file starts: a fixed port in the ephemeral range may be held by any connection.
const PORT = await freePort();
let pg: PrivatePostgres;
let sql: PgClient;

beforeAll(async () => {
  pg = await startPrivatePostgres(PORT);
  sql = await PgClient.connect({ url: pg.url, schema: 'restart_test' });
  await sql.query('CREATE TABLE IF NOT EXISTS t (n int)');
}, 30_000);

afterAll(async () => {
  await sql?.close();
  await pg?.destroy();
});

/** Retries `fn` until it succeeds (the server may still be recovering), at most `ms`. */
async function eventually<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

it('a transaction cut by an immediate restart fails as unavailable; the client then works again', async () => {
  const cut = sql.transaction(async (tx) => {
    await tx.query('INSERT INTO t VALUES (1)');
    // The connection is checked out and idle in the transaction when the server goes.
    await pg.restartImmediate();
    await tx.query('INSERT INTO t VALUES (2)');
  });
  await expect(cut).rejects.toBeInstanceOf(StoreUnavailableError);

  await eventually(() => sql.transaction((tx) => tx.query('INSERT INTO t VALUES (3)')));
  expect(await sql.query<{ n: number }>('SELECT n FROM t ORDER BY n')).toEqual([{ n: 3 }]);
}, 30_000);

it('every pooled connection, idle or in a transaction, survives two restarts in a row', async () => {
  // Fill the pool: several transactions held open at once, then both restarts.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = Array.from({ length: 5 }, () =>
    sql.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await gate;
      await tx.query('SELECT 1');
    }),
  );
  await pg.restartImmediate();
  await pg.restartImmediate();
  release();
  const results = await Promise.allSettled(held);
  for (const r of results) expect(r.status === 'rejected' && r.reason).toBeInstanceOf(StoreUnavailableError);
  const counts = await eventually(() =>
    Promise.all(Array.from({ length: 10 }, () => sql.query<{ one: number }>('SELECT 1 AS one'))),
  );
  expect(counts.flat()).toHaveLength(10);
}, 30_000);
