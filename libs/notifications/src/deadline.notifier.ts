// The notifications side of a reminder: in-app for every recipient, e-mail to those with an
// address (when SMTP is configured), a webhook to each agency concerned that has one.
import type { SqlClient } from '#event-store';
import type { DeadlineNotice, Notifier } from '../../deadlines/src/queue/index.js';
import type { Deliveries } from './deliveries.js';
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

  async notify({ key, kind, clock, roles, sentAt }: DeadlineNotice): Promise<void> {
    const users = recipientsOf(clock.agency, roles, await this.directory.all());
    const message = noticeMessage(kind, clock.name, clock.dueAt, await this.titleOf(clock.documentId));
    for (const user of users) {
      const id = await this.inbox.record({
        key,
        userId: user.id,
        kind,
        documentId: clock.documentId,
        clockId: clock.clockId,
        clock: clock.name,
        dueAt: clock.dueAt,
        message,
        createdAt: sentAt,
      });
      if (user.email && this.deliveries?.mails) await this.deliveries.email(id);
    }
    const agencies = new Set([clock.agency, ...users.map((u) => u.agency)]);
    for (const agency of agencies) {
      if (await this.directory.webhook(agency)) await this.deliveries?.webhook(key, clock.clockId, agency);
    }
  }

  private async titleOf(documentId: string): Promise<string> {
    try {
      const rows = await this.sql.query<{ title: string }>(
        'SELECT title FROM document_status WHERE id = $1::uuid',
        [documentId],
      );
      return rows[0]?.title ?? documentId;
    } catch {
      return documentId; // no status read model in this database
    }
  }
}
