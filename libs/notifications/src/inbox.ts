// The in-app inbox: one row per (reminder key, user), so a job that runs twice tells once.
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
  `CREATE INDEX IF NOT EXISTS notifications_user ON notifications (user_id, id DESC)`,
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

  async list(userId: string, limit = 50): Promise<NotificationRow[]> {
    return this.sql.query<NotificationRow>(
      `${SELECT} WHERE user_id = $1 ORDER BY id DESC LIMIT $2::integer`,
      [userId, limit],
    );
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
