import type { TableDef } from './catalog.js';

/**
 * The export's lines, one JSON value each:
 * - first `{"header": ExportHeader}`;
 * - then `{"t": "<table>", "row": {...}}` per row, table by table, events in global order;
 * - last `{"end": {"rows": {...}, "eventsDigest": "..."}}`: a file without it was cut short.
 * A row is PostgreSQL's own `row_to_json`, written and read back as text: no number or JSON
 * value passes through a JavaScript number on the way.
 */
export const FORMAT = 'draftline-store';
export const VERSION = 1;

export interface ExportedTable extends TableDef {
  /** `store` tables go to the target store, `read-model` ones to its read-model database. */
  readonly kind: 'store' | 'read-model';
  readonly rows: number;
}

export interface ExportHeader {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  /** The source's order offset, for the record: the target anchors its own. */
  readonly orderOffset: string;
  readonly tables: readonly ExportedTable[];
}

export interface TransferProgress {
  readonly phase: 'export' | 'import' | 'verify';
  readonly table: string;
  readonly done: number;
  readonly total: number;
}

/** A row line split without parsing the row: `{"t":<name>,"row":<row>}`. */
export function parseRowLine(line: string): { table: string; row: string } | undefined {
  const m = /^\{"t":("(?:[^"\\]|\\.)*"),"row":(.*)\}$/s.exec(line);
  return m ? { table: JSON.parse(m[1]) as string, row: m[2] } : undefined;
}
