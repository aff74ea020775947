import { createHash } from 'node:crypto';
import { anchorOrder, ensureSchema } from '../schema.js';
import type { SqlClient } from '../sql-client.js';
import { createStatements, loadedColumns, quoteIdent } from './catalog.js';
import {
  FORMAT,
  parseRowLine,
  VERSION,
  type ExportedTable,
  type ExportHeader,
  type TransferProgress,
} from './format.js';

export interface ImportOptions {
  /** The target store's database: its events and streams must be empty. */
  readonly store: SqlClient;
  /** The target read models' database; omitted or the same client when they share the store's. */
  readonly readModels?: SqlClient;
  /** The export's lines, in order (see format.ts). */
  readonly lines: AsyncIterable<string>;
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Rows per INSERT (fewer when the rows are large). */
  readonly batch?: number;
}

/** The export cannot go into this target, or is not a whole export: nothing was written. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Loads an export into an empty store (and its read models) in one transaction per database:
 * every event keeps its position (commit order and sequence), hash and predecessor link, every
 * read-model row (checkpoints included) is copied verbatim, tables the target lacks are created
 * from the export's definitions, and the order offset is anchored so new events sort after the
 * imported ones. Before committing it recomputes the events' digest; any difference, a file cut
 * short or a non-empty target rolls everything back.
 */
export async function importStore(options: ImportOptions): Promise<Record<string, number>> {
  const lines = options.lines[Symbol.asyncIterator]();
  try {
    const header = parseHeader((await lines.next()).value);
    await ensureSchema(options.store);
    const run = (store: SqlClient, rm: SqlClient) => load({ ...options, header, lines, store, rm });
    const { store, readModels } = options;
    if (readModels === undefined || readModels === store) return await store.transaction((tx) => run(tx, tx));
    // The store commits first: read models left behind by a failure are rebuilt from it.
    return await readModels.transaction((rm) => store.transaction((tx) => run(tx, rm)));
  } finally {
    await lines.return?.(); // lets go of the file when the import stopped early
  }
}

interface Load extends Omit<ImportOptions, 'lines'> {
  readonly header: ExportHeader;
  readonly lines: AsyncIterator<string>;
  readonly store: SqlClient;
  readonly rm: SqlClient;
}

async function load(job: Load): Promise<Record<string, number>> {
  const { header, store, rm } = job;
  await claimStore(store);
  const created = await prepareReadModels(
    rm,
    header.tables.filter((t) => t.kind === 'read-model'),
  );
  const rows = await loadRows(job);
  await store.query(
    `SELECT setval(pg_get_serial_sequence('events', 'position'), GREATEST(max(position), 1), max(position) IS NOT NULL)
       FROM events`,
  );
  await anchorOrder(store);
  await finishReadModels(rm, header.tables, created);
  await checkDigest(job, rows.eventsDigest);
  return rows.counts;
}

function parseHeader(line: string | undefined): ExportHeader {
  let header: ExportHeader | undefined;
  try {
    header = (JSON.parse(line ?? 'null') as { header?: ExportHeader } | null)?.header;
  } catch {
    header = undefined;
  }
  if (header?.format !== FORMAT) throw new ImportRefused(`not a ${FORMAT} export`);
  if (header.version !== VERSION)
    throw new ImportRefused(`export version ${header.version}; this import reads ${VERSION}`);
  const events = header.tables.find((t) => t.name === 'events');
  if (!events?.columns.some((c) => c.name === 'commit_order'))
    throw new ImportRefused('the export has no events table with commit_order');
  return header;
}

/** Holds off writers and checks the store is empty: an import never merges two histories. */
async function claimStore(store: SqlClient): Promise<void> {
  await store.query('LOCK TABLE events, streams IN EXCLUSIVE MODE');
  const [row] = await store.query<{ used: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM streams) AS used',
  );
  if (row.used)
    throw new ImportRefused('the target store is not empty: import into a new database or schema');
}

/** Creates the read-model tables the target lacks; an existing one must be empty and fit. */
async function prepareReadModels(rm: SqlClient, tables: readonly ExportedTable[]): Promise<Set<string>> {
  const created = new Set<string>();
  for (const table of tables) {
    const columns = await targetColumns(rm, table.name);
    if (columns.length === 0) {
      for (const statement of createStatements(table)) await rm.query(statement);
      created.add(table.name);
      continue;
    }
    const missing = loadedColumns(table).filter((c) => !columns.includes(c));
    if (missing.length > 0)
      throw new ImportRefused(`target table ${table.name} lacks column(s) ${missing.join(', ')}`);
    const [row] = await rm.query<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table.name)}) AS used`,
    );
    if (row.used) throw new ImportRefused(`target table ${table.name} is not empty`);
  }
  return created;
}

const targetColumns = async (sql: SqlClient, table: string): Promise<string[]> =>
  (
    await sql.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
        WHERE attrelid = (SELECT oid FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace)
          AND attnum > 0 AND NOT attisdropped`,
      [table],
    )
  ).map((r) => r.name);

/** Reads every row line up to the end line, loading them batch by batch. */
async function loadRows(job: Load): Promise<{ counts: Record<string, number>; eventsDigest: string }> {
  const tables = new Map(job.header.tables.map((t) => [t.name, t]));
  const counts: Record<string, number> = Object.fromEntries(job.header.tables.map((t) => [t.name, 0]));
  let batch: { table: ExportedTable; rows: string[]; bytes: number } | undefined;
  const flush = async () => {
    if (!batch || batch.rows.length === 0) return;
    const { table, rows } = batch;
    await insertRows(table.kind === 'store' ? job.store : job.rm, table, rows);
    counts[table.name] += rows.length;
    job.onProgress?.({ phase: 'import', table: table.name, done: counts[table.name], total: table.rows });
    batch = { table, rows: [], bytes: 0 };
  };
  for (;;) {
    const { value: line, done } = await job.lines.next();
    if (done) throw new ImportRefused('the export ends before its end line: it was cut short');
    const parsed = parseRowLine(line);
    if (!parsed) {
      await flush();
      const end = (JSON.parse(line) as { end?: { rows: Record<string, number>; eventsDigest: string } }).end;
      if (!end) throw new ImportRefused('a line of the export is neither a row nor its end');
      checkCounts(job.header, counts, end.rows);
      return { counts, eventsDigest: end.eventsDigest };
    }
    const table = tables.get(parsed.table);
    if (!table) throw new ImportRefused(`a row of table ${parsed.table}, which the header does not describe`);
    if (batch?.table !== table) await flush();
    batch = batch?.table === table ? batch : { table, rows: [], bytes: 0 };
    batch.rows.push(parsed.row);
    batch.bytes += parsed.row.length;
    if (batch.rows.length >= (job.batch ?? 1000) || batch.bytes >= BATCH_BYTES) await flush();
  }
}

/** Rows as PostgreSQL wrote them, read back by PostgreSQL: no value changes on the way. */
async function insertRows(sql: SqlClient, table: ExportedTable, rows: readonly string[]): Promise<void> {
  // The writer's transaction id belongs to the source cluster; here it is the importer's.
  const columns = loadedColumns(table).filter((c) => !(table.name === 'events' && c === 'transaction_id'));
  const list = columns.map(quoteIdent).join(', ');
  const name = quoteIdent(table.name);
  const overriding = table.columns.some((c) => c.identity === 'a') ? 'OVERRIDING SYSTEM VALUE' : '';
  await sql.query(
    `INSERT INTO ${name} (${list}) ${overriding}
     SELECT ${list} FROM json_populate_recordset(NULL::${name}, $1::json)`,
    [`[${rows.join(',')}]`],
  );
}

function checkCounts(header: ExportHeader, loaded: Record<string, number>, ended: Record<string, number>) {
  for (const table of header.tables) {
    const [want, got, end] = [table.rows, loaded[table.name], ended[table.name]];
    if (got !== want || end !== want)
      throw new ImportRefused(`table ${table.name}: header says ${want} rows, end ${end}, file held ${got}`);
  }
}

/** Secondary indexes and foreign keys of the tables it created, and every sequence's position. */
async function finishReadModels(rm: SqlClient, tables: readonly ExportedTable[], created: Set<string>) {
  const mine = tables.filter((t) => t.kind === 'read-model');
  for (const t of mine.filter((t) => created.has(t.name)))
    for (const index of t.indexes) await rm.query(index);
  for (const t of mine.filter((t) => created.has(t.name))) {
    for (const fk of t.foreignKeys) await rm.query(`ALTER TABLE ${quoteIdent(t.name)} ADD ${fk}`);
  }
  for (const t of mine) {
    for (const s of t.sequences.filter((s) => s.last !== null))
      await rm.query('SELECT setval($1::regclass, $2::bigint, true)', [quoteIdent(s.name), s.last]);
    for (const c of t.columns.filter((c) => c.identity !== '')) {
      await rm.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), max(${quoteIdent(c.name)})) FROM ${quoteIdent(t.name)}
          HAVING max(${quoteIdent(c.name)}) IS NOT NULL`,
        [quoteIdent(t.name), c.name],
      );
    }
  }
}

/** Recomputes the digest over the imported events, in global order, as the export made it. */
async function checkDigest(job: Load, expected: string): Promise<void> {
  const total = job.header.tables.find((t) => t.name === 'events')?.rows ?? 0;
  const digest = createHash('sha256');
  await job.store.query(
    `DECLARE draftline_verify NO SCROLL CURSOR FOR
       SELECT commit_order::text || '-' || position::text || ' ' || id::text || ' ' || hash AS key
         FROM events ORDER BY commit_order, position`,
  );
  let done = 0;
  for (;;) {
    const page = await job.store.query<{ key: string }>('FETCH 5000 FROM draftline_verify');
    if (page.length === 0) break;
    for (const r of page) digest.update(`${r.key}\n`);
    done += page.length;
    job.onProgress?.({ phase: 'verify', table: 'events', done, total });
  }
  await job.store.query('CLOSE draftline_verify');
  if (digest.digest('hex') !== expected)
    throw new ImportRefused('the imported events differ from the export (positions, ids or hashes)');
}
