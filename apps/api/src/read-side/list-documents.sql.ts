import {
  STAGES_BEFORE_SUBMISSION,
  type Actor,
  type DocumentKind,
  type Origin,
  type Role,
  type Stage,
} from '#drafting';
import { foldText } from '#projections';

/**
 * Sort orders a client may ask for; each is keyset-paginated on (key, id) and walks one of
 * document_status's (key, id) indexes. The names are qualified: in ORDER BY a bare `updated_at`
 * or `id` is the select list's text alias, which no index has and which sorts differently.
 */
const UPDATED = 'document_status.updated_at';
const PLANNED = `coalesce(document_status.planned_month, '')`;
export const SORTS = {
  updatedAt: { key: UPDATED, cast: '::timestamptz', descending: false },
  '-updatedAt': { key: UPDATED, cast: '::timestamptz', descending: true },
  title: { key: 'document_status.title', cast: '', descending: false },
  '-title': { key: 'document_status.title', cast: '', descending: true },
  plannedMonth: { key: PLANNED, cast: '', descending: false },
  '-plannedMonth': { key: PLANNED, cast: '', descending: true },
} as const;
const ID = 'document_status.id';
export type SortName = keyof typeof SORTS;

/** Where the previous page ended: the sort it was made for, its last row's key and id. */
export interface Cursor {
  readonly sort: SortName;
  readonly key: string;
  readonly id: string;
}

export interface ListFilters {
  readonly agency?: string;
  readonly kind?: DocumentKind;
  readonly stage?: Stage;
  readonly origin?: Origin;
  readonly year?: number;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly sort: SortName;
  readonly limit: number;
  readonly cursor?: Cursor;
}

/** The key a cursor carries for a row, as the SQL below selects it (`sort_key`). */
export const sortKeySql = (sort: SortName): string =>
  SORTS[sort].key === UPDATED
    ? `to_char(${UPDATED} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : SORTS[sort].key;

/**
 * canSee of #drafting, in SQL: any of the actor's roles that sees the row lets it through.
 * Keep in step with access.policy.ts (the spec checks both agree).
 */
export function visibleTo(actor: Actor, param: (value: unknown) => string): string {
  const one = (role: Role): string => {
    switch (role) {
      case 'drafter':
      case 'drafting_lead':
        return `agency = ${param(actor.agency)}`;
      case 'appraiser':
        return 'ever_sent_for_appraisal';
      case 'committee_office':
      case 'inspector':
        return 'TRUE';
      case 'council_office':
        return `kind = 'council_resolution'`;
      case 'admin':
        return 'FALSE';
      default: {
        const unknown: never = role;
        throw new Error(`unknown role ${String(unknown)}`);
      }
    }
  };
  return actor.roles.length === 0 ? 'FALSE' : `(${[...new Set(actor.roles.map(one))].join(' OR ')})`;
}

const likePattern = (q: string) => `%${foldText(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of document_status (limit + 1 rows: the extra one says whether a next page exists). */
export function buildListQuery(
  f: ListFilters,
  actor: Actor,
  currentMonth: string,
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [visibleTo(actor, param)];
  if (f.agency !== undefined) where.push(`agency = ${param(f.agency)}`);
  if (f.kind !== undefined) where.push(`kind = ${param(f.kind)}`);
  if (f.stage !== undefined) where.push(`stage = ${param(f.stage)}`);
  if (f.origin !== undefined) where.push(`origin = ${param(f.origin)}`);
  if (f.year !== undefined) where.push(`year = ${param(f.year)}::integer`);
  if (f.q !== undefined) where.push(`title_folded LIKE ${param(likePattern(f.q))} ESCAPE '\\'`);
  if (f.overdue !== undefined) {
    const stages = STAGES_BEFORE_SUBMISSION.map((s) => `'${s}'`).join(', ');
    const overdue = `(planned_month IS NOT NULL AND planned_month < ${param(currentMonth)} AND stage IN (${stages}))`;
    where.push(f.overdue ? overdue : `NOT ${overdue}`);
  }
  const { key, cast, descending } = SORTS[f.sort];
  if (f.cursor) {
    const after = `(${param(f.cursor.key)}${cast}, ${param(f.cursor.id)}::uuid)`;
    where.push(`(${key}, ${ID}) ${descending ? '<' : '>'} ${after}`);
  }
  const dir = descending ? 'DESC' : 'ASC';
  const text = `SELECT ${LIST_COLUMNS}, ${sortKeySql(f.sort)} AS sort_key
    FROM document_status WHERE ${where.join(' AND ')}
    ORDER BY ${key} ${dir}, ${ID} ${dir} LIMIT ${param(f.limit + 1)}::integer`;
  return { text, params };
}

const LIST_COLUMNS = `id::text AS id, kind, agency, title, stage, procedure, origin, regime, year, planned_month,
  assigned_on::text AS assigned_on, submitted_on::text AS submitted_on, adopted_on::text AS adopted_on,
  signing_date::text AS signing_date, effective_date::text AS effective_date,
  published_on::text AS published_on, revision, last_commit::text AS last_commit,
  last_prepare::text AS last_prepare,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A key exactly as sortKeySql writes it for this sort: PostgreSQL never sees another. */
function isSortKey(sort: SortName, key: string): boolean {
  const column = SORTS[sort].key;
  if (column === UPDATED) {
    const m = TIMESTAMP.exec(key);
    if (!m) return false;
    // A real instant between year 1 and 9999 (Date rolls 30 February over to March: refuse it).
    const [, y, mo, d, h, mi, sec] = m.map(Number);
    const at = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
    return y >= 1 && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
  }
  if (column === PLANNED) return key === '' || MONTH.test(key);
  // A title: text, but none that PostgreSQL refuses to hold (NUL, an unpaired surrogate).
  return key.length <= 1000 && !key.includes('\u0000') && !LONE_SURROGATE.test(key);
}

/**
 * The cursor, or undefined when it is not one this API made: the sort must be known, the key
 * written as that sort writes it (no `infinity`, `now` or out-of-range time) and the id a UUID, so
 * a forged cursor is a 400, never a cast error from the database.
 */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [sort, key, id] = value as unknown[];
    if (
      typeof sort !== 'string' ||
      !Object.hasOwn(SORTS, sort) ||
      typeof key !== 'string' ||
      typeof id !== 'string'
    )
      return undefined;
    if (!UUID.test(id) || !isSortKey(sort as SortName, key)) return undefined;
    return { sort: sort as SortName, key, id };
  } catch {
    return undefined;
  }
}
