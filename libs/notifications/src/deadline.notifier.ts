// The notifications side of a reminder: in-app for every recipient, e-mail to those with an
// address (when SMTP is configured), a webhook to each agency concerned that has one. The inbox
// rows and the delivery records are written in one transaction, then the pending deliveries are
// scheduled: a crash in between leaves them pending, and the delivery reconciler schedules them.
import type { SqlClient } from '#event-store';
import type { DeadlineNotice, Notifier } from '#deadlines/queue';
import type { Deliveries } from './deliveries.js';
import type { DeliveryRow, NewDelivery } from './delivery.records.js';
import type { UserDirectory } from './directory.js';
import type { Inbox } from './inbox.js';
import { noticeMessage } from './notice.text.js';
import { recipientsOf } from './recipients.js';

export class DeadlineNotifier implements Notifier {
  /** Whether document_status exists here (once seen, it stays: a rebuild swaps it in one transaction). */
  private titlesReadable = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly directory: UserDirectory,
    private readonly inbox: Inbox,
    private readonly deliveries: Deliveries | undefined,
  ) {}

  notify(notice: DeadlineNotice): Promise<void> {
    return this.notifyMany([notice]);
  }

  /**
   * Tells many notices at once: the directory, the titles and the webhooks read once for all,
   * every inbox row and delivery record written in one transaction (idempotent per (key,
   * recipient) as one at a time), then the pending deliveries scheduled in one call.
   */
  async notifyMany(notices: readonly DeadlineNotice[]): Promise<void> {
    if (notices.length === 0) return;
    const directory = await this.directory.all();
    const titles = await this.titles(notices.map((n) => n.clock.documentId));
    const told = notices.map((notice) => {
      const { kind, clock, roles } = notice;
      const users = recipientsOf(clock.agency, roles, directory);
      const message = noticeMessage(
        kind,
        clock.name,
        clock.dueAt,
        titles.get(clock.documentId) ?? clock.documentId,
      );
      return { notice, users, message };
    });
    const hooked = await this.directory.agenciesWithWebhook(
      told.flatMap(({ notice, users }) => [notice.clock.agency, ...users.map((u) => u.agency)]),
    );
    const deliveries = this.deliveries;
    const rows = await this.sql.transaction(async (tx) => {
      const rows = told.flatMap(({ notice: { key, kind, clock, sentAt }, users, message }) =>
        users.map((user) => ({
          user,
          key,
          row: {
            key,
            userId: user.id,
            kind,
            documentId: clock.documentId,
            clockId: clock.clockId,
            clock: clock.name,
            dueAt: clock.dueAt,
            message,
            createdAt: sentAt,
          },
        })),
      );
      const ids = await this.inbox.recordMany(
        rows.map((r) => r.row),
        tx,
      );
      if (!deliveries) return [];
      const recorded: DeliveryRow[] = [];
      const record = async (d: NewDelivery) => void recorded.push(await deliveries.records.create(tx, d));
      for (const [i, { user, key }] of rows.entries())
        if (user.email && deliveries.mails)
          await record({ key, channel: 'email', recipient: user.id, notificationId: ids[i] });
      for (const { notice, users } of told)
        for (const agency of new Set([notice.clock.agency, ...users.map((u) => u.agency)]))
          if (hooked.has(agency))
            await record({
              key: notice.key,
              channel: 'webhook',
              recipient: agency,
              payload: payloadOf(notice),
            });
      return recorded;
    });
    // A delivery sent (or failed for good) already is not scheduled again.
    await deliveries?.enqueue(rows);
  }

  /** The documents' titles from the status read model (none when it is not in this database). */
  private async titles(documentIds: readonly string[]): Promise<Map<string, string>> {
    if (!this.titlesReadable) {
      // Asked first, not tried: a failed statement costs the pool its connection.
      const [{ present }] = await this.sql.query<{ present: boolean }>(
        `SELECT to_regclass('document_status') IS NOT NULL AS present`,
      );
      if (!present) return new Map();
      this.titlesReadable = true;
    }
    const rows = await this.sql.query<{ id: string; title: string }>(
      'SELECT id::text AS id, title FROM document_status WHERE id = ANY($1::uuid[])',
      [[...new Set(documentIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }
}

/** The document's title from its status read model; its id when there is none. */
export async function documentTitle(sql: SqlClient, documentId: string): Promise<string> {
  try {
    const rows = await sql.query<{ title: string }>('SELECT title FROM document_status WHERE id = $1::uuid', [
      documentId,
    ]);
    return rows[0]?.title ?? documentId;
  } catch {
    return documentId; // no status read model in this database
  }
}

/** What an agency's webhook receives: ids and times only, never names or e-mail addresses. */
const payloadOf = ({ key, kind, clock }: DeadlineNotice) =>
  ({
    type: kind === 'escalation' ? 'deadline.missed' : 'deadline.reminder',
    key,
    documentId: clock.documentId,
    clockId: clock.clockId,
    clock: clock.name,
    dueAt: clock.dueAt,
  }) as const;
