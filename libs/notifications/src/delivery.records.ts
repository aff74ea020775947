// The record of every delivery (one e-mail to one person, one webhook call to one agency) in
// PostgreSQL: the source of truth for what is still owed. Redis only schedules the attempts, so
// losing a job (failed after its attempts, expired, flushed) loses nothing: the reconciler finds
// the pending row and schedules it again, and a row marked sent is never sent again.
import type { SqlClient } from '#event-store';
import type { WebhookPayload } from './webhook.js';

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed_permanently';

/** Created in the same transaction as the inbox rows of the notice. */
export const DELIVERY_DDL = [
  `CREATE TABLE IF NOT EXISTS deliveries (
     id bigserial PRIMARY KEY,
     key text NOT NULL,
     channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
     recipient text NOT NULL,
     notification_id bigint,
     payload jsonb,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed_permanently')),
     attempts integer NOT NULL DEFAULT 0,
     last_error text,
     claimed_until timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     sent_at timestamptz,
     UNIQUE (key, channel, recipient)
   )`,
  `CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries (id) WHERE status = 'pending'`,
  `CREATE INDEX IF NOT EXISTS deliveries_notification ON deliveries (notification_id)`,
];

export interface DeliveryRow {
  readonly id: string;
  readonly key: string;
  readonly channel: DeliveryChannel;
  /** A user id (e-mail) or an agency (webhook). */
  readonly recipient: string;
  readonly notificationId: string | null;
  readonly payload: WebhookPayload | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: string | null;
}

export type NewDelivery =
  | {
      readonly key: string;
      readonly channel: 'email';
      readonly recipient: string;
      readonly notificationId: string;
    }
  | {
      readonly key: string;
      readonly channel: 'webhook';
      readonly recipient: string;
      readonly payload: WebhookPayload;
    };

/** What a delivery job carries (ids only): the row is found again by its natural key. */
export type DeliveryJob =
  | { readonly notificationId: string }
  | { readonly key: string; readonly clockId: string; readonly agency: string };

/** Deterministic: one job id per delivery, whoever schedules it. */
export const deliveryJobId = (d: DeliveryRow): string =>
  d.channel === 'email' ? `email-${d.notificationId}` : `webhook-${d.key}-${d.recipient}`;

export const deliveryJobOf = (d: DeliveryRow): DeliveryJob =>
  d.channel === 'email'
    ? { notificationId: d.notificationId! }
    : { key: d.key, clockId: d.payload!.clockId, agency: d.recipient };

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id::text AS id, key, channel, recipient, notification_id::text AS "notificationId", payload,
  status, attempts, last_error AS "lastError", ${iso('sent_at')} AS "sentAt"`;

type Raw = Omit<DeliveryRow, 'payload'> & { payload: WebhookPayload | string | null };
const parse = (r: Raw): DeliveryRow => ({
  ...r,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as WebhookPayload) : r.payload,
});

/** The delivery table's statements. */
export class DeliveryRecords {
  constructor(private readonly sql: SqlClient) {}

  /** Records the delivery unless it is recorded; returns the row as it stands either way. */
  async create(tx: SqlClient, d: NewDelivery): Promise<DeliveryRow> {
    // DO UPDATE (a no-op) rather than DO NOTHING: it returns the row a concurrent run committed.
    const [row] = await tx.query<Raw>(
      `INSERT INTO deliveries (key, channel, recipient, notification_id, payload)
       VALUES ($1, $2, $3, $4::bigint, $5::jsonb)
       ON CONFLICT (key, channel, recipient) DO UPDATE SET key = deliveries.key
       RETURNING ${COLUMNS}`,
      [
        d.key,
        d.channel,
        d.recipient,
        d.channel === 'email' ? d.notificationId : null,
        d.channel === 'webhook' ? JSON.stringify(d.payload) : null,
      ],
    );
    return parse(row);
  }

  /** The row a job names. */
  async ofJob(job: DeliveryJob): Promise<DeliveryRow | undefined> {
    const rows =
      'notificationId' in job
        ? await this.sql.query<Raw>(
            `SELECT ${COLUMNS} FROM deliveries WHERE channel = 'email' AND notification_id = $1::bigint`,
            [job.notificationId],
          )
        : await this.sql.query<Raw>(
            `SELECT ${COLUMNS} FROM deliveries WHERE key = $1 AND channel = 'webhook' AND recipient = $2`,
            [job.key, job.agency],
          );
    return rows[0] && parse(rows[0]);
  }

  /**
   * Takes the pending delivery for one attempt (counted), leased for `leaseMs` so that a second
   * copy of the job (a stalled one moved back) does not send at the same time. `done` when it is
   * no longer pending, `busy` when another attempt holds the lease.
   */
  async claim(id: string, leaseMs: number): Promise<DeliveryRow | 'done' | 'busy'> {
    const [row] = await this.sql.query<Raw>(
      `UPDATE deliveries SET attempts = attempts + 1,
              claimed_until = clock_timestamp() + $2::integer * interval '1 millisecond'
        WHERE id = $1::bigint AND status = 'pending'
          AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
       RETURNING ${COLUMNS}`,
      [id, leaseMs],
    );
    if (row) return parse(row);
    const [now] = await this.sql.query<{ status: DeliveryStatus }>(
      'SELECT status FROM deliveries WHERE id = $1::bigint',
      [id],
    );
    return now?.status === 'pending' ? 'busy' : 'done';
  }

  async markSent(id: string): Promise<void> {
    await this.sql.query(
      `UPDATE deliveries SET status = 'sent', sent_at = clock_timestamp(), claimed_until = NULL, last_error = NULL
        WHERE id = $1::bigint AND status = 'pending'`,
      [id],
    );
  }

  /** Records a failed attempt; `permanent` ends the delivery (nothing retries it). */
  async markFailed(id: string, error: string, permanent: boolean): Promise<void> {
    await this.sql.query(
      `UPDATE deliveries SET last_error = left($2, 1000), claimed_until = NULL,
              status = CASE WHEN $3::boolean THEN 'failed_permanently' ELSE status END
        WHERE id = $1::bigint AND status = 'pending'`,
      [id, error, permanent],
    );
  }

  /** One page of pending deliveries after `after` (keyset on id, compared as numbers). */
  async pendingAfter(after: string, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.sql.query<Raw>(
      `SELECT ${COLUMNS} FROM deliveries WHERE status = 'pending' AND id > $1::bigint
        ORDER BY id LIMIT $2::integer`,
      [after, limit],
    );
    return rows.map(parse);
  }

  /** Every delivery of one notice key (for tests and the admin). */
  async ofKey(key: string): Promise<DeliveryRow[]> {
    const rows = await this.sql.query<Raw>(
      `SELECT ${COLUMNS} FROM deliveries WHERE key = $1 ORDER BY channel, recipient`,
      [key],
    );
    return rows.map(parse);
  }
}
