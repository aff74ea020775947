// The inbox is derivable: the notifier writes its rows as a reminder goes out, and this step
// writes them again from what the store recorded (DeadlineReminderSent / DeadlineMissed, found
// by type in global order, whatever stream holds them), the clocks' rules (who hears) and the
// directory (who holds those roles now). Rows already there are kept as they are (read marks
// included); nothing is sent: deliveries are the notifier's alone.
import { escalationKey, reminderKey } from '#deadlines';
import type { EventStore, Position, SqlClient } from '#event-store';
import type { DeadlineJobName } from '#deadlines/queue';
import { clockById } from '#deadlines/queue';
import type { UserDirectory } from './directory.js';
import type { Inbox } from './inbox.js';
import { documentTitle } from './deadline.notifier.js';
import { noticeMessage } from './notice.text.js';
import { recipientsOf } from './recipients.js';

export interface InboxRebuildResult {
  /** Reminder and escalation events read. */
  readonly events: number;
  /** Inbox rows written (a row already there counts too: it is left as it is). */
  readonly rows: number;
  /** Events whose clock the deadlines read model does not hold (rebuild it first). */
  readonly skipped: number;
}

type Fact = { documentId: string; clockId: string; dueAt: string; sentAt: string; reminder?: number };

/** Re-creates the inbox rows of every recorded reminder and escalation. */
export async function rebuildInbox(deps: {
  store: EventStore;
  sql: SqlClient;
  inbox: Inbox;
  directory: UserDirectory;
  page?: number;
}): Promise<InboxRebuildResult> {
  const users = await deps.directory.all();
  let after: Position | undefined;
  let events = 0;
  let rows = 0;
  let skipped = 0;
  for (;;) {
    const page = await deps.store.readAll({ after, limit: deps.page ?? 1000 });
    if (page.length === 0) break;
    after = page[page.length - 1].position;
    for (const e of page) {
      if (e.type !== 'DeadlineReminderSent' && e.type !== 'DeadlineMissed') continue;
      events += 1;
      const kind: DeadlineJobName = e.type === 'DeadlineMissed' ? 'escalation' : 'reminder';
      const fact = e.data as Fact;
      const clock = await clockById(deps.sql, fact.clockId);
      const roles =
        kind === 'escalation'
          ? clock?.escalation?.roles
          : clock?.reminders.find((r) => r.n === fact.reminder)?.roles;
      if (!clock || !roles) {
        skipped += 1;
        continue;
      }
      const key =
        kind === 'escalation' ? escalationKey(clock.clockId) : reminderKey(clock.clockId, fact.reminder!);
      const title = await documentTitle(deps.sql, fact.documentId);
      const message = noticeMessage(kind, clock.name, fact.dueAt, title);
      for (const user of recipientsOf(clock.agency, roles, users)) {
        await deps.inbox.record({
          key,
          userId: user.id,
          kind,
          documentId: fact.documentId,
          clockId: fact.clockId,
          clock: clock.name,
          dueAt: fact.dueAt,
          message,
          createdAt: fact.sentAt,
        });
        rows += 1;
      }
    }
  }
  return { events, rows, skipped };
}
