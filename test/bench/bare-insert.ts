import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DATABASE_URL, machine, percentile } from './machine.js';

// The bare ceilings of the store (PERFORMANCE.md P2, P3): Node `pg`, a pool of 10, the event row
// the store writes (500 bytes of JSON, a unique (stream, revision), a uuid primary key), one
// durable single-statement INSERT per append and nothing else. Called from run.ts;
// `node dist/test/bench/bare-insert.js [seconds]` runs it alone.

/** The event row's table, as the store's `events` is keyed (without its hash chain). */
export const BARE_TABLE_DDL = (table: string) =>
  `CREATE TABLE ${table} (stream_id text NOT NULL, revision bigint NOT NULL, id uuid PRIMARY KEY,
     type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))`;

/** The row's JSON: the same 400-character summary and metadata as the store bench's event. */
export const bareRow = () => ({
  data: JSON.stringify({ summary: 'x'.repeat(400), reason: 'benchmark' }),
  metadata: JSON.stringify({
    actor: { userId: 'bench', role: 'drafter', agency: 'so-khcn' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    schemaVersion: 1,
  }),
});

export const bareInsertSql = (table: string) =>
  `INSERT INTO ${table} (stream_id, revision, id, type, data, metadata)
   VALUES ($1, $2, $3, 'DraftRevised', $4, $5) ON CONFLICT (stream_id, revision) DO NOTHING`;

export interface BareResult {
  readonly perSecond: number;
  readonly p99: number;
  readonly conflicts: number;
}

async function withTable<T>(fn: (pool: pg.Pool, table: string) => Promise<T>): Promise<T> {
  const table = `bench_bare_${process.pid}_${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  try {
    await pool.query(BARE_TABLE_DDL(table));
    return await fn(pool, table);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await pool.end();
  }
}

/** P2's ceiling: `writers` writers, each INSERTing the next revision of streams of its own. */
export function bareInsertLoad(writers: number, seconds: number): Promise<BareResult> {
  return withTable(async (pool, table) => {
    const insert = { name: 'bare-insert', text: bareInsertSql(table) };
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const run = randomUUID().slice(0, 8);
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const revisions = new Map<string, number>();
        for (let n = 0; performance.now() < deadline; n++) {
          const stream = `${run}-${w}-${n % 50}`;
          const revision = (revisions.get(stream) ?? -1) + 1;
          const { data, metadata } = bareRow();
          const t0 = performance.now();
          await pool.query({ ...insert, values: [stream, revision, randomUUID(), data, metadata] });
          latencies.push(performance.now() - t0);
          revisions.set(stream, revision);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { perSecond: latencies.length / elapsed, p99: percentile(latencies, 99), conflicts: 0 };
  });
}

/**
 * P3's ceiling: `writers` writers on one stream, each INSERTing the revision it believes next; the
 * unique (stream, revision) refuses the losers, who read the stream's last revision and try again
 * (two round trips per conflict, one per success: the least an optimistic append can do).
 */
export function bareContendedLoad(writers: number, seconds: number): Promise<BareResult> {
  return withTable(async (pool, table) => {
    const insert = { name: 'bare-insert', text: bareInsertSql(table) };
    const last = { name: 'bare-last', text: `SELECT max(revision) AS r FROM ${table} WHERE stream_id = $1` };
    const stream = `p3-${randomUUID()}`;
    let appended = 0;
    let conflicts = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        let next = 0;
        while (performance.now() < deadline) {
          const { data, metadata } = bareRow();
          const t0 = performance.now();
          const done = await pool.query({ ...insert, values: [stream, next, randomUUID(), data, metadata] });
          if (done.rowCount === 1) {
            appended++;
            latencies.push(performance.now() - t0);
            next++;
          } else {
            conflicts++;
            const { rows } = await pool.query<{ r: string }>({ ...last, values: [stream] });
            next = Number(rows[0].r) + 1;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { perSecond: appended / elapsed, p99: percentile(latencies, 99), conflicts };
  });
}

// Alone: `node dist/test/bench/bare-insert.js [seconds]` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? 10);
  (async () => {
    const free = await bareInsertLoad(10, seconds);
    const one = await bareContendedLoad(10, seconds);
    console.log(machine());
    console.log(
      `bare pg INSERT, 10 writers:        ${free.perSecond.toFixed(0)}/s (p99 ${free.p99.toFixed(1)} ms)`,
    );
    console.log(
      `bare pg INSERT, 10 on one stream:  ${one.perSecond.toFixed(0)}/s (${one.conflicts} conflicts answered)`,
    );
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
