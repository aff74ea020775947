import cliProgress from 'cli-progress';
import { loadConfig } from '#config';
import { createEventStore, type Position } from '#event-store';
import {
  documentHistoryProjection,
  documentStatusProjection,
  openReadModelDatabase,
  rebuildProjections,
  type Projection,
} from '#projections';

// `npm run projections:rebuild -- <name>|all [--fresh] [--page-size N]`
//
// Rebuilds read models from position zero into shadow tables while the live ones keep serving,
// then swaps each in (with its checkpoint) in one transaction. Ctrl-C stops after the batch in
// flight: the live tables are untouched and the next run resumes the shadow (`--fresh` drops it
// and starts again). Reads EVENT_STORE_URL and READ_MODEL_URL like the API and the worker.

/** What this tool rebuilds. `deadlines` is not here: its outbox feeds the scheduler's jobs. */
const REBUILDABLE: readonly Projection[] = [documentStatusProjection, documentHistoryProjection];

const USAGE = `usage: npm run projections:rebuild -- <${REBUILDABLE.map((p) => p.name).join('|')}|all> [--fresh] [--page-size N]`;

function parseArgs(argv: readonly string[]) {
  const names: string[] = [];
  let fresh = false;
  let pageSize = 2000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--fresh') fresh = true;
    else if (arg === '--page-size') pageSize = Number(argv[++i]);
    else if (arg.startsWith('--page-size=')) pageSize = Number(arg.slice('--page-size='.length));
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50_000)
    throw new UsageError('--page-size must be an integer from 1 to 50000');
  if (names.length !== 1) throw new UsageError('name one projection, or all');
  const [name] = names;
  if (name === 'all') return { projections: REBUILDABLE, fresh, pageSize };
  const projection = REBUILDABLE.find((p) => p.name === name);
  if (!projection) {
    const why = name === 'deadlines' ? ' (its outbox feeds the deadline scheduler: not rebuilt here)' : '';
    throw new UsageError(`cannot rebuild ${name}${why}`);
  }
  return { projections: [projection], fresh, pageSize };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { projections, fresh, pageSize } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const store = await createEventStore(config.eventStoreUrl);
  const db = await openReadModelDatabase(config.readModelUrl, store);
  if (!db) throw new Error('no SQL database for read models (the in-memory store): nothing to rebuild');

  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: the shadow is resumed next time
    process.stderr.write('\ninterrupted: finishing the batch in flight (Ctrl-C again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const bar = new cliProgress.SingleBar(
    {
      format:
        '{bar} {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted} | {phase}',
      stream: process.stderr,
      etaBuffer: 50,
      fps: 5,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  const speed = (n: number) => Math.round(n / Math.max(0.001, (performance.now() - started) / 1000));
  try {
    const result = await rebuildProjections({
      store,
      sql: db.sql,
      projections,
      pageSize,
      fresh,
      signal: abort.signal,
      log: (m) => process.stderr.write(`${m}\n`),
      onStart: async (from) => {
        const total = await eventsAfter(store.sql, from);
        bar.start(total ?? 0, 0, { speed: 0, phase: 'catching up' });
      },
      onProgress: ({ applied, phase }) => {
        if (applied > bar.getTotal()) bar.setTotal(applied);
        bar.update(applied, {
          speed: speed(applied),
          phase:
            phase === 'swapping'
              ? 'swapping'
              : phase === 'folding-streams'
                ? 'folding streams'
                : 'catching up',
        });
      },
    });
    bar.stop();
    const names = projections.map((p) => p.name).join(', ');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.resumed.length > 0)
      process.stderr.write(`resumed the shadow of ${result.resumed.join(', ')}\n`);
    if (result.aborted) {
      process.stderr.write(
        `stopped after ${result.applied} events: live tables untouched` +
          (result.swapped.length > 0 ? ` (already swapped: ${result.swapped.join(', ')})` : '') +
          '; run again to resume, or with --fresh to start over\n',
      );
      return 130;
    }
    process.stderr.write(`rebuilt and swapped ${names}: ${result.applied} events in ${seconds}s\n`);
    return 0;
  } finally {
    bar.stop();
    if (db.owned) await db.sql.close();
    await store.close();
  }
}

/** Events left to read (for the bar's ETA): counted on a SQL store, unknown otherwise. */
async function eventsAfter(
  sql: { query<T>(text: string, params?: readonly unknown[]): Promise<T[]> } | undefined,
  from: Position,
): Promise<number | undefined> {
  if (!sql) return undefined;
  const [row] = await sql.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM events WHERE (commit_order, position) > ($1::bigint, $2::bigint)`,
    [from.commit.toString(), from.prepare.toString()],
  );
  return row ? Number(row.n) : undefined;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
