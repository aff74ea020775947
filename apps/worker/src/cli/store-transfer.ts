import cliProgress from 'cli-progress';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { loadConfig } from '#config';
import {
  createEventStore,
  exportStore,
  importStore,
  ImportRefused,
  type SqlClient,
  type TransferProgress,
} from '#event-store';
import { openReadModelDatabase } from '#projections';

// What `npm run store:export` and `npm run store:import` share: arguments, opening the store
// and its read-model database, the file (gzip when it ends in .gz) and the progress bar.

export class UsageError extends Error {}

export interface TransferArgs {
  readonly file: string;
  /** EVENT_STORE_URL-style URL; the configuration's when omitted. */
  readonly store?: string;
  /** READ_MODEL_URL-style URL; the configuration's (or the store's database) when omitted. */
  readonly readModels?: string;
  readonly quiet: boolean;
}

export function parseTransferArgs(argv: readonly string[], usage: string): TransferArgs {
  const files: string[] = [];
  let store: string | undefined;
  let readModels: string | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--store') store = value();
    else if (flag === '--read-models') readModels = value();
    else if (flag === '--quiet') quiet = true;
    else if (flag === '--help' || flag === '-h') throw new UsageError(usage);
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}\n${usage}`);
    else files.push(flag);
  }
  if (files.length !== 1) throw new UsageError(usage);
  if (store === '' || readModels === '') throw new UsageError(`an option lacks its URL\n${usage}`);
  return { file: files[0], store, readModels, quiet };
}

/** The store's and the read models' SQL databases, for the duration of `fn`. */
export async function withDatabases<T>(
  args: TransferArgs,
  fn: (store: SqlClient, readModels: SqlClient) => Promise<T>,
): Promise<T> {
  const config = args.store === undefined ? loadConfig() : undefined;
  const store = await createEventStore(args.store ?? (config?.eventStoreUrl as string));
  try {
    if (store.sql === undefined)
      throw new UsageError('only a PostgreSQL or PGlite store can be exported or imported');
    const db = await openReadModelDatabase(args.readModels ?? config?.readModelUrl, store);
    try {
      return await fn(store.sql, db?.sql ?? store.sql);
    } finally {
      if (db?.owned) await db.sql.close();
    }
  } finally {
    await store.close();
  }
}

/** The export's lines into `file`, written under a temporary name and renamed when whole. */
export async function writeLines(
  file: string,
  produce: (write: (line: string) => Promise<void>) => Promise<void>,
) {
  if (existsSync(file)) throw new UsageError(`${file} exists: name a new file`);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const sink = file.endsWith('.gz') ? createGzip() : undefined;
  sink?.pipe(out);
  const target = sink ?? out;
  try {
    await produce(async (line) => {
      if (!target.write(`${line}\n`)) await once(target, 'drain');
    });
    target.end();
    await once(out, 'finish');
    await rename(partial, file);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** The file's lines, read from the first call on (a readline made earlier would drop lines). */
export async function* readLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file);
  const lines = createInterface({
    input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  });
  yield* lines;
}

/** A bar per table and phase on stderr (or nothing with --quiet). */
export function progressBar(quiet: boolean) {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} {table} {bar} {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}',
      stream: process.stderr,
      fps: 5,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  let started = performance.now();
  return {
    update(p: TransferProgress) {
      if (quiet) return;
      const key = `${p.phase} ${p.table}`;
      if (key !== current) {
        if (current !== '') bar.stop();
        current = key;
        started = performance.now();
        bar.start(Math.max(p.total, p.done), 0, { phase: p.phase, table: p.table, speed: 0 });
      }
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      bar.update(p.done, { speed: Math.round(p.done / seconds) });
    },
    stop() {
      if (current !== '') bar.stop();
      current = '';
    },
  };
}

/** Runs a CLI's main and exits with its code; usage errors print without a stack. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // A refusal says what to do; only an unexpected failure needs its stack.
      const plain = error instanceof UsageError || error instanceof ImportRefused;
      process.stderr.write(
        `${plain ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
      );
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}

export const EXPORT_USAGE =
  'usage: npm run store:export -- <file[.gz]> [--store URL] [--read-models URL] [--quiet]';
export const IMPORT_USAGE =
  'usage: npm run store:import -- <file[.gz]> [--store URL] [--read-models URL] [--quiet]';

/** Writes the store and its read models to `args.file`; returns the rows per table. */
export async function exportToFile(args: TransferArgs): Promise<Record<string, number>> {
  const bar = progressBar(args.quiet);
  try {
    return await withDatabases(args, async (store, readModels) => {
      let rows: Record<string, number> = {};
      await writeLines(args.file, async (write) => {
        ({ rows } = await exportStore({ store, readModels, write, onProgress: (p) => bar.update(p) }));
      });
      return rows;
    });
  } finally {
    bar.stop();
  }
}

/** Loads `args.file` into an empty store (and its read models); returns the rows per table. */
export async function importFromFile(args: TransferArgs): Promise<Record<string, number>> {
  if (!existsSync(args.file)) throw new UsageError(`${args.file} does not exist`);
  const lines = readLines(args.file);
  const bar = progressBar(args.quiet);
  try {
    return await withDatabases(args, (store, readModels) =>
      importStore({ store, readModels, lines, onProgress: (p) => bar.update(p) }),
    );
  } finally {
    bar.stop();
  }
}

export const describeRows = (rows: Record<string, number>): string =>
  Object.entries(rows)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
