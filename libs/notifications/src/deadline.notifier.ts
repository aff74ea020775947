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
  constructor(
    private readonly sql: SqlClient,
    private readonly directory: UserDirectory,
    private readonly inbox: Inbox,
    private readonly deliveries: Deliveries | undefined,
  ) {}

  async notify(notice: DeadlineNotice): Promise<void> {
    const { key, kind, clock, roles, sentAt } = notice;
    const users = recipientsOf(clock.agency, roles, await this.directory.all());
    const message = noticeMessage(
      kind,
      clock.name,
      clock.dueAt,
      await documentTitle(this.sql, clock.documentId),
    );
    const hooked = await this.agenciesWithWebhook([clock.agency, ...users.map((u) => u.agency)]);
    const deliveries = this.deliveries;
    const rows = await this.sql.transaction(async (tx) => {
      const recorded: DeliveryRow[] = [];
      const record = async (d: NewDelivery) => {
        if (deliveries) recorded.push(await deliveries.records.create(tx, d));
      };
      for (const user of users) {
        const id = await this.inbox.record(
          {
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
          tx,
        );
        if (user.email && deliveries?.mails)
          await record({ key, channel: 'email', recipient: user.id, notificationId: id });
      }
      for (const agency of hooked)
        await record({ key, channel: 'webhook', recipient: agency, payload: payloadOf(notice) });
      return recorded;
    });
    // A delivery sent (or failed for good) already is not scheduled again.
    await deliveries?.enqueue(rows);
  }

  private async agenciesWithWebhook(agencies: readonly string[]): Promise<string[]> {
    const hooked: string[] = [];
    for (const agency of new Set(agencies)) if (await this.directory.webhook(agency)) hooked.push(agency);
    return hooked;
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
