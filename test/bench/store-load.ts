import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  ConcurrencyError,
  PgClient,
  PostgresEventStore,
  type EventStore,
  type NewEvent,
  type SqlClient,
} from '#event-store';
import { DATABASE_URL, machine, percentile } from './machine.js';

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'DraftRevised',
  data: { summary: 'x'.repeat(400), reason: 'benchmark' },
  metadata: {
    actor: { userId: 'bench', role: 'drafter', agency: 'so-khcn' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    schemaVersion: 1,
  },
});

/**
 * Round trips to the database per append, counted at the SqlClient the store was given (see
 * countingClient): each `query` is one, a transaction adds its BEGIN and COMMIT/ROLLBACK. Each
 * append runs in a context of its own, so concurrent writers count apart.
 */
const trips = new AsyncLocalStorage<{ n: number }>();

const counted = async <T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; n: number }> => {
  const box = { n: 0 };
  try {
    return { result: await trips.run(box, fn), n: box.n };
  } catch (error) {
    return { error, n: box.n };
  }
};

/** `inner`, counting the round trips of whatever append is running (nothing outside one). */
export function countingClient(inner: SqlClient): SqlClient {
  const count = (k: number) => {
    const box = trips.getStore();
    if (box) box.n += k;
  };
  const wrap = (sql: SqlClient, closing: () => Promise<void>): SqlClient => ({
    query: (text, params, options) => {
      count(1);
      return sql.query(text, params, options);
    },
    transaction: (fn) => {
      count(2); // BEGIN, and COMMIT or ROLLBACK
      return sql.transaction((tx) => fn(wrap(tx, () => tx.close())));
    },
    close: closing,
  });
  return wrap(inner, () => inner.close());
}

const mean = (total: number, count: number) => (count === 0 ? NaN : total / count);

/** P2: `writers` concurrent writers, each appending one event at a time to streams of its own. */
export async function appendLoad(store: EventStore, writers: number, seconds: number) {
  const latencies: number[] = [];
  let roundTrips = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const run = `p2-${randomUUID().slice(0, 8)}`;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const revisions = new Map<string, number>();
      for (let n = 0; performance.now() < deadline; n++) {
        const stream = `${run}-${w}-${n % 50}`;
        const expected = revisions.get(stream) ?? 'no-stream';
        const t0 = performance.now();
        const {
          result,
          error,
          n: k,
        } = await counted(() => store.append(stream, [event()], { expectedRevision: expected }));
        if (!result) throw error;
        latencies.push(performance.now() - t0);
        roundTrips += k;
        revisions.set(stream, result.revision);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / elapsed,
    p99: percentile(latencies, 99),
    /** Mean round trips per append; NaN unless the store's client is a countingClient. */
    tripsPerAppend: mean(roundTrips, latencies.length),
  };
}

/** P3: `writers` writers on one stream; every attempt either appends or is told it conflicted. */
export async function contendedLoad(store: EventStore, writers: number, seconds: number) {
  const stream = `p3-${randomUUID()}`;
  await store.append(stream, [event()], { expectedRevision: 'no-stream' });
  let appended = 0;
  let conflicts = 0;
  let [appendTrips, conflictTrips] = [0, 0];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      let known = 0;
      while (performance.now() < deadline) {
        const { result, error, n } = await counted(() =>
          store.append(stream, [event()], { expectedRevision: known }),
        );
        if (result) {
          known = result.revision;
          appended++;
          appendTrips += n;
        } else {
          if (!(error instanceof ConcurrencyError) || typeof error.actual !== 'number') throw error;
          conflicts++;
          conflictTrips += n;
          known = error.actual;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const length = (await store.readStream(stream)).length;
  return {
    perSecond: appended / elapsed,
    appended,
    conflicts,
    lost: appended + 1 - length,
    /** Mean round trips of a successful append and of a conflict (NaN: not counted). */
    tripsPerAppend: mean(appendTrips, appended),
    tripsPerConflict: mean(conflictTrips, conflicts),
  };
}

/**
 * CPU seconds used so far by this process and by the server processes serving connections named
 * `application`, when the server runs on this machine (read from /proc; 0 when it cannot be
 * read). On a shared machine CPU per append varies far less than appends per second.
 */
async function cpuSeconds(client: SqlClient, application: string): Promise<{ node: number; server: number }> {
  const { user, system } = process.cpuUsage();
  const rows = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [application],
  );
  let server = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      server += (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ
    } catch {
      // not on this machine, or gone
    }
  }
  return { node: (user + system) / 1e6, server };
}

// Alone: `node dist/test/bench/store-load.js [seconds] [rounds]` (after building libs and
// test/bench) runs P2 and P3 against the store of the checkout it was built in, `rounds` times,
// with round trips and CPU per append counted, so that two checkouts can be run in turn
// (A B A B) and compared on a shared machine.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? 10);
  const rounds = Number(process.argv[3] ?? 1);
  const label = process.env.BENCH_LABEL ?? 'store';
  const application = `draftline-bench-${process.pid}`;
  process.env.PGAPPNAME = application; // pg names its connections so (cpuSeconds)
  (async () => {
    const schema = `bench_store_${process.pid}`;
    const client = await PgClient.connect({ url: DATABASE_URL, schema });
    const store = await PostgresEventStore.create(countingClient(client));
    const f = (n: number, d = 0) => n.toFixed(d);
    const cpu = async <T extends { appended?: number; perSecond: number }>(run: () => Promise<T>) => {
      const before = await cpuSeconds(client, application);
      const result = await run();
      const after = await cpuSeconds(client, application);
      return { result, node: after.node - before.node, server: after.server - before.server };
    };
    const perAppend = (s: number, n: number) => `${f((s / n) * 1e6)}`;
    try {
      console.log(machine());
      for (let r = 1; r <= rounds; r++) {
        const p2 = await cpu(() => appendLoad(store, 10, seconds));
        const p2n = p2.result.perSecond * seconds;
        const p3 = await cpu(() => contendedLoad(store, 10, seconds));
        const p3n = p3.result.appended;
        console.log(
          `${label} round ${r}: P2 ${f(p2.result.perSecond)} appends/s (p99 ${f(p2.result.p99, 1)} ms, ` +
            `${f(p2.result.tripsPerAppend, 2)} trips/append, CPU µs/append node ${perAppend(p2.node, p2n)} ` +
            `+ server ${perAppend(p2.server, p2n)}) | P3 ${f(p3.result.perSecond)} appends/s, ` +
            `${p3.result.conflicts} conflicts, ${p3.result.lost} lost, ` +
            `${f(p3.result.tripsPerAppend, 2)} trips/append, ${f(p3.result.tripsPerConflict, 2)} trips/conflict, ` +
            `CPU µs per appended event node ${perAppend(p3.node, p3n)} + server ${perAppend(p3.server, p3n)}`,
        );
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
