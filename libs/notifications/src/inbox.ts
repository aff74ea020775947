// The in-app inbox: one row per (reminder key, user), so a job that runs twice tells once.
import { z } from 'zod';
import type { SqlClient } from '#event-store';
import { DELIVERY_DDL } from './delivery.records.js';

const DDL = [
  `CREATE TABLE IF NOT EXISTS notifications (
     id bigserial PRIMARY KEY,
     key text NOT NULL,
     user_id text NOT NULL,
     kind text NOT NULL,
     document_id uuid NOT NULL,
     clock_id text NOT NULL,
     clock text NOT NULL,
     due_at timestamptz NOT NULL,
     message text NOT NULL,
     created_at timestamptz NOT NULL,
     read_at timestamptz,
     UNIQUE (key, user_id)
   )`,
  // Newest first by the time the notice was sent, then id: the inbox's order and its keyset.
  `CREATE INDEX IF NOT EXISTS notifications_user_created ON notifications (user_id, created_at DESC, id DESC)`,
  `DROP INDEX IF EXISTS notifications_user`,
];

export interface NotificationRow {
  readonly id: string;
  readonly key: string;
  readonly userId: string;
  readonly kind: 'reminder' | 'escalation';
  readonly documentId: string;
  readonly clockId: string;
  readonly clock: string;
  readonly dueAt: string;
  readonly message: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export type NewNotification = Omit<NotificationRow, 'id' | 'readAt'>;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const SELECT = `SELECT id::text AS id, key, user_id AS "userId", kind, document_id::text AS "documentId",
  clock_id AS "clockId", clock, ${iso('due_at')} AS "dueAt", message, ${iso('created_at')} AS "createdAt",
  ${iso('read_at')} AS "readAt" FROM notifications`;
const SELECT_WITH_CURSOR = SELECT.replace(
  ' FROM notifications',
  `, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt" FROM notifications`,
);

/** Where a page ended: the last row's exact sending time (microseconds) and id. */
export interface InboxCursor {
  readonly at: string;
  readonly id: string;
}

export interface InboxPage {
  readonly notifications: NotificationRow[];
  /** Absent on the last page. */
  readonly next?: InboxCursor;
}

const CURSOR = z.strictObject({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.string().regex(/^[1-9][0-9]{0,17}$/),
});

/** The opaque text a client sends back. */
export const encodeInboxCursor = (c: InboxCursor): string =>
  Buffer.from(JSON.stringify({ at: c.at, id: c.id })).toString('base64url');

/** The cursor, or undefined when the text is not one this inbox made. */
export function decodeInboxCursor(text: string): InboxCursor | undefined {
  try {
    const parsed = CURSOR.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success && !Number.isNaN(Date.parse(parsed.data.at)) ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class Inbox {
  /** The inbox and its deliveries' records: the notifier writes both in one transaction. */
  static readonly ddl = [...DDL, ...DELIVERY_DDL];

  constructor(private readonly sql: SqlClient) {}

  /**
   * Records the notification unless (key, user) has it; returns its id either way. `tx`: the
   * notifier's transaction, which records the deliveries with it.
   */
  async record(n: NewNotification, tx: SqlClient = this.sql): Promise<string> {
    const [row] = await tx.query<{ id: string }>(
      `WITH ins AS (
         INSERT INTO notifications (key, user_id, kind, document_id, clock_id, clock, due_at, message, created_at)
         VALUES ($1, $2, $3, $4::uuid, $5, $6, $7::timestamptz, $8, $9::timestamptz)
         ON CONFLICT (key, user_id) DO NOTHING RETURNING id)
       SELECT id::text AS id FROM ins
       UNION ALL SELECT id::text FROM notifications WHERE key = $1 AND user_id = $2`,
      [n.key, n.userId, n.kind, n.documentId, n.clockId, n.clock, n.dueAt, n.message, n.createdAt],
    );
    if (row) return row.id;
    // A concurrent run inserted it after this statement's snapshot: ON CONFLICT waited for its
    // commit, but the SELECT above cannot see it. A new statement does.
    const [existing] = await tx.query<{ id: string }>(
      'SELECT id::text AS id FROM notifications WHERE key = $1 AND user_id = $2',
      [n.key, n.userId],
    );
    if (!existing) throw new Error(`notification ${n.key} for ${n.userId} vanished while being recorded`);
    return existing.id;
  }

  /**
   * Records many notifications (each unless its (key, user) has it) in two statements, and
   * returns their ids in order. The INSERT waits for a concurrent run's conflicting rows to
   * commit; the SELECT, a new statement, then sees them (as record does one at a time).
   */
  async recordMany(ns: readonly NewNotification[], tx: SqlClient = this.sql): Promise<string[]> {
    if (ns.length === 0) return [];
    const column = <K extends keyof NewNotification>(k: K) => ns.map((n) => n[k]);
    await tx.query(
      `INSERT INTO notifications (key, user_id, kind, document_id, clock_id, clock, due_at, message, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[],
         $7::timestamptz[], $8::text[], $9::timestamptz[])
       ON CONFLICT (key, user_id) DO NOTHING`,
      [
        column('key'),
        column('userId'),
        column('kind'),
        column('documentId'),
        column('clockId'),
        column('clock'),
        column('dueAt'),
        column('message'),
        column('createdAt'),
      ],
    );
    const rows = await tx.query<{ id: string; key: string; user_id: string }>(
      `SELECT n.id::text AS id, n.key, n.user_id FROM notifications n
         JOIN unnest($1::text[], $2::text[]) AS w(key, user_id) ON n.key = w.key AND n.user_id = w.user_id`,
      [column('key'), column('userId')],
    );
    const ids = new Map(rows.map((r) => [`${r.key}\u0000${r.user_id}`, r.id]));
    return ns.map((n) => {
      const id = ids.get(`${n.key}\u0000${n.userId}`);
      if (id === undefined)
        throw new Error(`notification ${n.key} for ${n.userId} vanished while being recorded`);
      return id;
    });
  }

  /** The newest `limit` notifications of the user. */
  async list(userId: string, limit = 50): Promise<NotificationRow[]> {
    return (await this.page(userId, limit)).notifications;
  }

  /**
   * One page, newest first: by `created_at`, then `id`, both the real columns (the selected `id`
   * is text and would sort '9' above '10'). `after` is the previous page's `next`.
   */
  async page(userId: string, limit: number, after?: InboxCursor): Promise<InboxPage> {
    const rows = await this.sql.query<NotificationRow & { cursorAt: string }>(
      `${SELECT_WITH_CURSOR} WHERE user_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, notifications.id) < ($2::timestamptz, $3::bigint))
        ORDER BY created_at DESC, notifications.id DESC LIMIT $4::integer`,
      [userId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    const notifications = rows.slice(0, limit).map(({ cursorAt: _, ...n }) => n);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { notifications, next: last && { at: last.cursorAt, id: last.id } };
  }

  async byId(id: string): Promise<NotificationRow | undefined> {
    const rows = await this.sql.query<NotificationRow>(`${SELECT} WHERE id = $1::bigint`, [id]);
    return rows[0];
  }

  /** Marks one of the user's notifications read; false when it is not theirs (or missing). */
  async markRead(userId: string, id: string, at: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE notifications SET read_at = coalesce(read_at, $3::timestamptz)
        WHERE id = $1::bigint AND user_id = $2 RETURNING id`,
      [id, userId, at],
    );
    return rows.length > 0;
  }
}
