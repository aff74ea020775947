import { createHash } from 'node:crypto';
import type { SqlClient } from '../sql-client.js';
import { describeTable, listTables, quoteIdent, STORE_TABLES, type TableDef } from './catalog.js';
import { FORMAT, VERSION, type ExportHeader, type ExportedTable, type TransferProgress } from './format.js';

export interface ExportOptions {
  /** The store's database (its schema first on the search_path). */
  readonly store: SqlClient;
  /** The read models' database; omitted or the same client when they share the store's. */
  readonly readModels?: SqlClient;
  /** Receives each line of the export (without its newline), in order; awaited. */
  readonly write: (line: string) => Promise<void>;
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Rows fetched per round trip. */
  readonly batch?: number;
}

export interface ExportSummary {
  readonly rows: Readonly<Record<string, number>>;
  readonly eventsDigest: string;
}

type Source = { readonly table: ExportedTable; readonly order?: string };

/**
 * Writes the store and its read models as lines of JSON: a header with every table's
 * definition and row count, each row verbatim (`row_to_json`, so numbers and JSON keep every
 * digit), and an end line with the counts and a digest over every event's position, id and
 * hash, which the import recomputes. Reads in REPEATABLE READ snapshots, the read models' taken
 * first, so no checkpoint can name an event the export lacks.
 */
export async function exportStore(options: ExportOptions): Promise<ExportSummary> {
  const { store } = options;
  const shared = options.readModels === undefined || options.readModels === store;
  if (shared) return snapshot(store, (tx) => exportFrom(options, tx, tx));
  return snapshot(options.readModels as SqlClient, (rm) =>
    snapshot(store, (tx) => exportFrom(options, tx, rm)),
  );
}

async function snapshot<T>(sql: SqlClient, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return fn(tx);
  });
}

async function exportFrom(options: ExportOptions, store: SqlClient, rm: SqlClient): Promise<ExportSummary> {
  // The read models' snapshot is taken by their first query, before the store's.
  const rmSources = await describeAll(
    rm,
    (await listTables(rm)).filter((t) => !STORE_TABLES.includes(t)),
    'read-model',
  );
  const storeSources = await describeAll(store, ['events', 'streams'], 'store');
  const [clock] = await store.query<{ offset: string }>(
    'SELECT order_offset::text AS offset FROM store_clock',
  );
  const sources = [...storeSources, ...rmSources];
  const header: ExportHeader = {
    format: FORMAT,
    version: VERSION,
    exportedAt: new Date().toISOString(),
    orderOffset: clock?.offset ?? '0',
    tables: sources.map((s) => s.table),
  };
  await options.write(JSON.stringify({ header }));
  const rows: Record<string, number> = {};
  const digest = createHash('sha256');
  for (const source of sources) {
    const sql = source.table.kind === 'store' ? store : rm;
    rows[source.table.name] = await copyRows(sql, source, options, (key) => digest.update(`${key}\n`));
  }
  const summary = { rows, eventsDigest: digest.digest('hex') };
  await options.write(JSON.stringify({ end: summary }));
  return summary;
}

async function describeAll(sql: SqlClient, names: readonly string[], kind: ExportedTable['kind']) {
  const sources: Source[] = [];
  for (const name of names) {
    const def: TableDef = await describeTable(sql, name);
    const [count] = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(name)}`);
    const order = name === 'events' ? 'commit_order, position' : undefined;
    sources.push({ table: { ...def, kind, rows: Number(count.n) }, order });
  }
  return sources;
}

/** Streams one table's rows through a cursor; for events also each one's digest key. */
async function copyRows(
  sql: SqlClient,
  { table, order }: Source,
  options: ExportOptions,
  digest: (key: string) => void,
): Promise<number> {
  const events = table.name === 'events';
  const key = events
    ? `, commit_order::text || '-' || position::text || ' ' || id::text || ' ' || hash AS key`
    : '';
  await sql.query(
    `DECLARE draftline_export NO SCROLL CURSOR FOR
       SELECT row_to_json(t)::text AS row${key} FROM ${quoteIdent(table.name)} t
       ${order ? `ORDER BY ${order}` : ''}`,
  );
  const prefix = `{"t":${JSON.stringify(table.name)},"row":`;
  let done = 0;
  options.onProgress?.({ phase: 'export', table: table.name, done, total: table.rows });
  for (;;) {
    const page = await sql.query<{ row: string; key?: string }>(
      `FETCH ${options.batch ?? 1000} FROM draftline_export`,
    );
    if (page.length === 0) break;
    for (const r of page) {
      await options.write(`${prefix}${r.row}}`);
      if (r.key !== undefined) digest(r.key);
    }
    done += page.length;
    options.onProgress?.({ phase: 'export', table: table.name, done, total: table.rows });
  }
  await sql.query('CLOSE draftline_export');
  return done;
}
