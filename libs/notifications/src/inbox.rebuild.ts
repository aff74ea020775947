// The inbox is derivable: the notifier writes its rows as a reminder goes out, and this step
// writes them again from what the store recorded (DeadlineReminderSent / DeadlineMissed, found
// by type in global order, whatever stream holds them), the clocks' rules (who hears) and the
// directory (who holds those roles now). Rows already there are kept as they are (read marks
// included); nothing is sent: deliveries are the notifier's alone.
import { escalationKey, reminderKey } from '#deadlines';
import { comparePositions, storeHead, type EventStore, type Position, type SqlClient } from '#event-store';
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

/** How long a rebuild waits for events an open transaction holds back before it gives up. */
const HELD_BACK_WAIT_MS = 60_000;

/**
 * Re-creates the inbox rows of every recorded reminder and escalation, up to the newest event the
 * store held when it started. Events committed behind a transaction still open are not readable
 * in global order yet: the rebuild waits for them (up to a minute, then fails naming the wait)
 * rather than stopping short of them and leaving their rows out.
 */
export async function rebuildInbox(deps: {
  store: EventStore;
  sql: SqlClient;
  inbox: Inbox;
  directory: UserDirectory;
  page?: number;
  /** Milliseconds to wait for held-back events (default a minute). */
  heldBackWaitMs?: number;
}): Promise<InboxRebuildResult> {
  const users = await deps.directory.all();
  // Where to read to: the newest event as the rebuild starts, visible in global order or not yet.
  const target = await storeHead(deps.sql).catch(() => undefined);
  let after: Position | undefined;
  let events = 0;
  let rows = 0;
  let skipped = 0;
  let waitingSince: number | undefined;
  for (;;) {
    const page = await deps.store.readAll({ after, limit: deps.page ?? 1000 });
    if (page.length === 0) {
      if (!target || (after && comparePositions(after, target) >= 0)) break;
      waitingSince ??= Date.now();
      if (Date.now() - waitingSince > (deps.heldBackWaitMs ?? HELD_BACK_WAIT_MS))
        throw new Error(
          `the inbox rebuild read up to ${after ? `${after.commit}-${after.prepare}` : 'the start'} but the ` +
            `store holds events up to ${target.commit}-${target.prepare} that an open transaction still ` +
            'holds back; run it again once that transaction has ended',
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    waitingSince = undefined;
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
