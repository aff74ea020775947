import type { SqlClient } from '../sql-client.js';

/** The store's own tables: created by ensureSchema on the target, never from an export's DDL. */
export const STORE_TABLES: readonly string[] = ['streams', 'events', 'store_clock'];

export interface ColumnDef {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  /** pg_attribute.attidentity: '' none, 'a' always, 'd' by default. */
  readonly identity: string;
  /** pg_attribute.attgenerated: '' none, 's' stored. */
  readonly generated: string;
}

export interface SequenceDef {
  readonly name: string;
  readonly type: string;
  /** null when nextval was never called. */
  readonly last: string | null;
}

/** One table as the export describes it: enough to create it again and load its rows. */
export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** `pg_get_constraintdef` texts (primary key, unique, check, exclusion), foreign keys apart. */
  readonly constraints: readonly string[];
  readonly foreignKeys: readonly string[];
  /** `CREATE INDEX` statements for indexes that back no constraint, unqualified. */
  readonly indexes: readonly string[];
  /** Sequences its column defaults draw from (serial columns). */
  readonly sequences: readonly SequenceDef[];
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The ordinary tables of the connection's current schema. */
export async function listTables(sql: SqlClient): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY relname`,
  );
  return rows.map((r) => r.name);
}

/** Reads one table's definition from the catalog, in the connection's current schema. */
export async function describeTable(sql: SqlClient, name: string): Promise<TableDef> {
  const oid = `(SELECT oid FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace)`;
  const columns = await sql.query<ColumnDef>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity::text AS identity,
            a.attgenerated::text AS generated
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ${oid} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [name],
  );
  // contype 'n' (NOT NULL as a constraint, PostgreSQL 18) is carried by the column itself.
  const constraints = await sql.query<{ type: string; def: string; name: string }>(
    `SELECT contype::text AS type, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = ${oid} AND contype IN ('p', 'u', 'c', 'x', 'f') ORDER BY contype, conname`,
    [name],
  );
  const indexes = await sql.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
      WHERE i.indrelid = ${oid} AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY i.indexrelid`,
    [name],
  );
  const [schema] = await sql.query<{ name: string }>('SELECT current_schema() AS name');
  const named = (c: { name: string; def: string }) => `CONSTRAINT ${quoteIdent(c.name)} ${c.def}`;
  return {
    name,
    columns: columns.map((c) => ({ ...c, identity: c.identity.trim(), generated: c.generated.trim() })),
    constraints: constraints.filter((c) => c.type !== 'f').map(named),
    foreignKeys: constraints.filter((c) => c.type === 'f').map(named),
    indexes: indexes.map((i) => unqualified(i.def, schema.name)),
    sequences: await sequencesOf(sql, columns),
  };
}

/** `nextval('name'::regclass)` defaults name the sequences a table needs. */
async function sequencesOf(sql: SqlClient, columns: readonly ColumnDef[]): Promise<SequenceDef[]> {
  const names = columns.flatMap((c) => /^nextval\('([^']+)'::regclass\)$/.exec(c.default ?? '')?.[1] ?? []);
  const found: SequenceDef[] = [];
  for (const name of names) {
    const [row] = await sql.query<SequenceDef>(
      `SELECT sequencename AS name, data_type::text AS type, last_value::text AS last FROM pg_sequences
        WHERE schemaname = current_schema() AND sequencename = $1`,
      [name.replace(/^"(.*)"$/, '$1')],
    );
    if (row) found.push(row);
  }
  return found;
}

/** The statements that create `table` (without its rows, foreign keys or secondary indexes). */
export function createStatements(table: TableDef): string[] {
  const sequences = table.sequences.map(
    (s) => `CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(s.name)} AS ${s.type}`,
  );
  const columns = table.columns.map((c) => {
    const parts = [quoteIdent(c.name), c.type];
    if (c.generated === 's') parts.push(`GENERATED ALWAYS AS (${c.default}) STORED`);
    else if (c.identity === 'a') parts.push('GENERATED ALWAYS AS IDENTITY');
    else if (c.identity === 'd') parts.push('GENERATED BY DEFAULT AS IDENTITY');
    else if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    if (c.notNull) parts.push('NOT NULL');
    return parts.join(' ');
  });
  const body = [...columns, ...table.constraints].join(',\n  ');
  return [...sequences, `CREATE TABLE ${quoteIdent(table.name)} (\n  ${body}\n)`];
}

/** The columns an INSERT of exported rows writes: all but generated ones. */
export const loadedColumns = (table: TableDef): string[] =>
  table.columns.filter((c) => c.generated !== 's').map((c) => c.name);

function unqualified(indexDef: string, schema: string): string {
  for (const prefix of [`${quoteIdent(schema)}.`, `${schema}.`]) {
    indexDef = indexDef.replace(` ON ${prefix}`, ' ON ').replace(` ON ONLY ${prefix}`, ' ON ONLY ');
  }
  return indexDef;
}
