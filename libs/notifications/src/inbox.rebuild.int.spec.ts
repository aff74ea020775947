// The inbox can be rebuilt from the store: the rows the notifier wrote as reminders went out are
// written again from the recorded DeadlineReminderSent / DeadlineMissed, the clocks and the
// directory. Real PostgreSQL, own schema.
import { randomBytes, randomUUID } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { migrate } from '#projections';
import type { Clock, ClockName } from '#deadlines';
import { deadlinesProjection, type DeadlineNotice } from '#deadlines/queue';
import { DeadlineNotifier } from './deadline.notifier.js';
import { UserDirectory } from './directory.js';
import { Inbox } from './inbox.js';
import { rebuildInbox } from './inbox.rebuild.js';
import { dropSchemas } from '../../../test/support/cleanup.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `inb_${randomBytes(5).toString('hex')}`;

let store: PostgresEventStore;
let inbox: Inbox;
let directory: UserDirectory;

const rowsNow = async () =>
  (
    await store.sql.query<Record<string, unknown>>(
      `SELECT key, user_id, kind, document_id::text, clock_id, clock, due_at, message, created_at, read_at
         FROM notifications ORDER BY key, user_id`,
    )
  ).map((r) => JSON.stringify(r));

/** A clock in the deadlines read model, its reminder told and recorded, its escalation too. */
async function toldAndRecorded(): Promise<void> {
  const documentId = randomUUID();
  const clockId = `${documentId}.appraisal_report.1`;
  const dueAt = '2026-03-02T17:00:00.000Z';
  const clock: Clock = {
    clockId,
    documentId,
    agency: 'so-khcn',
    name: 'appraisal_report' as ClockName,
    n: 1,
    kind: 'deadline',
    regime: '2025',
    startedAt: '2026-02-20T02:00:00.000Z',
    dueDate: '2026-03-02',
    dueAt,
    status: 'open',
    reminders: [{ n: 1, at: '2026-03-01T17:00:00.000Z', roles: ['appraiser'] }],
    escalation: { at: dueAt, roles: ['appraiser', 'drafting_lead'] },
  };
  await store.sql.query(
    `INSERT INTO deadlines (clock_id, document_id, agency, name, status, due_at, clock)
     VALUES ($1, $2::uuid, $3, $4, 'open', $5::timestamptz, $6::jsonb)`,
    [clockId, documentId, clock.agency, clock.name, dueAt, JSON.stringify(clock)],
  );
  const notifier = new DeadlineNotifier(store.sql, directory, inbox, undefined);
  const told: DeadlineNotice[] = [
    {
      key: `${clockId}.reminder.1`,
      kind: 'reminder',
      clock,
      roles: ['appraiser'],
      sentAt: '2026-03-01T17:00:01.250Z',
    },
    {
      key: `${clockId}.escalation`,
      kind: 'escalation',
      clock,
      roles: ['appraiser', 'drafting_lead'],
      sentAt: '2026-03-02T17:00:00.500Z',
    },
  ];
  for (const notice of told) await notifier.notify(notice);
  const meta = (occurredAt: string) => ({
    actor: { userId: 'system', role: 'system', agency: 'so-khcn' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    schemaVersion: 1,
    occurredAt,
  });
  const base = { documentId, clockId, dueAt };
  await store.append(
    `deadline-${documentId}`,
    [
      {
        id: randomUUID(),
        type: 'DeadlineReminderSent',
        data: { ...base, reminder: 1, sentAt: told[0].sentAt },
        metadata: meta(told[0].sentAt),
      },
      {
        id: randomUUID(),
        type: 'DeadlineMissed',
        data: { ...base, sentAt: told[1].sentAt },
        metadata: meta(told[1].sentAt),
      },
    ],
    { expectedRevision: 'no-stream' },
  );
}

beforeAll(async () => {
  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection]);
  for (const ddl of [...UserDirectory.ddl, ...Inbox.ddl]) await store.sql.query(ddl);
  inbox = new Inbox(store.sql);
  directory = new UserDirectory(store.sql);
  await directory.seed({
    users: [
      { id: 'u-app', displayName: 'A', agency: 'so-tu-phap', roles: ['appraiser'] },
      { id: 'u-app2', displayName: 'B', agency: 'so-tu-phap', roles: ['appraiser'] },
      { id: 'u-lead', displayName: 'C', agency: 'so-khcn', roles: ['drafting_lead'] },
      { id: 'u-other', displayName: 'D', agency: 'so-y-te', roles: ['drafting_lead'] },
    ],
    webhooks: [],
  });
  await toldAndRecorded();
  await toldAndRecorded();
});

afterAll(async () => {
  await store?.close();
  await dropSchemas(schema);
});

describe('rebuilding the inbox from the store', () => {
  it('writes again the rows the notifier wrote, once, keeping read marks', async () => {
    const told = await rowsNow();
    expect(told).toHaveLength(10); // per clock: 2 appraisers reminded; 2 appraisers and the lead escalated

    await store.sql.query('DELETE FROM notifications');
    expect(await rebuildInbox({ store, sql: store.sql, inbox, directory })).toEqual({
      events: 4,
      rows: 10,
      skipped: 0,
    });
    expect(await rowsNow()).toEqual(told);

    // Again: nothing doubles, and what a person marked read stays read.
    const [first] = await inbox.list('u-lead', 1);
    expect(await inbox.markRead('u-lead', first.id, '2026-03-03T01:00:00.000Z')).toBe(true);
    const marked = await rowsNow();
    await rebuildInbox({ store, sql: store.sql, inbox, directory, page: 1 });
    expect(await rowsNow()).toEqual(marked);
    // Nothing is owed to anyone by a rebuild.
    expect(await store.sql.query('SELECT id FROM deliveries')).toEqual([]);
  });

  it('waits for events a still-open transaction holds back, instead of stopping short of them', async () => {
    // A transaction with an id stays open: every event committed after it is beyond what a read
    // in global order may show (the snapshot rule), until it ends.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const held = store.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      opened();
      await released;
    });
    await open;
    await toldAndRecorded();
    const told = await rowsNow();
    expect(told).toHaveLength(15);
    await store.sql.query('DELETE FROM notifications');
    const rebuilt = rebuildInbox({ store, sql: store.sql, inbox, directory });
    setTimeout(release, 500);
    expect(await rebuilt).toEqual({ events: 6, rows: 15, skipped: 0 });
    // The same rows (a read mark went with the deleted row: only a kept row keeps it).
    const unread = (rows: string[]) => rows.map((r) => r.replace(/"read_at":"[^"]*"/, '"read_at":null'));
    expect(await rowsNow()).toEqual(unread(told));
    await held;
  });
});
