// P6 (issue 13): reminders that fall due together are told in batches, not one directory read,
// one title read and one transaction each; and still once each (one inbox row per person, one
// DeadlineReminderSent per reminder), an escalation's reminder before it.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { event, type DraftEvent } from '#drafting';
import { createPgEventStore, type PostgresEventStore, type SqlClient } from '#event-store';
import { documentStatusProjection, inProcessLocks, migrate, ProjectionRunner } from '#projections';
import { DeadlineNotifier, Inbox, UserDirectory, type DirectoryUser } from '#notifications';
import { appendAsCommand } from '#projections/testing';
import { clockById } from './deadline.rows.js';
import { deadlinesProjection } from './deadlines.projection.js';
import { ReminderProcessor } from './reminder.processor.js';
import { activeRuleBook, ruleBookFor, useRuleBook } from './rule-book.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `dlb_${randomBytes(5).toString('hex')}`;

let store: PostgresEventStore;
let runner: ProjectionRunner;

/** Counts the statements the notifier sends (an observing client over the real one). */
function counting(sql: SqlClient): { sql: SqlClient; statements: () => number } {
  let n = 0;
  const wrap = (client: SqlClient): SqlClient => ({
    query: (text, params, options) => {
      n++;
      return client.query(text, params, options);
    },
    transaction: (fn) => client.transaction((tx) => fn(wrap(tx))),
    close: () => client.close(),
  });
  return { sql: wrap(sql), statements: () => n };
}

/** The directory, counting its whole reads. */
class CountedDirectory extends UserDirectory {
  reads = 0;
  override async all(): Promise<DirectoryUser[]> {
    this.reads++;
    return super.all();
  }
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const append = (documentId: string, events: DraftEvent[], at = new Date()) =>
  appendAsCommand(store, documentId, events, at);

/** A document sent for appraisal `ago` ms back: its dossier check's reminder is due already. */
async function sentForAppraisal(ago: number): Promise<string> {
  const id = randomUUID();
  await append(
    id,
    [
      event('DraftAssigned', {
        documentId: id,
        kind: 'committee_decision',
        title: `Quy định ${id.slice(0, 4)}`,
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year: 2026,
      } as never),
      event('DraftingStarted', {} as never),
      event('SentForAppraisal', {} as never),
    ],
    new Date(Date.now() - ago),
  );
  return id;
}

beforeAll(async () => {
  // Dossier check: due 2 s after sending, its reminder 0.5 s before (the test book × 0.1).
  useRuleBook(ruleBookFor('test', 0.1));
  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection, documentStatusProjection]);
  for (const ddl of [...UserDirectory.ddl, ...Inbox.ddl]) await store.sql.query(ddl);
  const directory = new UserDirectory(store.sql);
  for (const id of ['u-app', 'u-app2'])
    await directory.put({ id, displayName: 'Thẩm định viên', agency: 'so-tu-phap', roles: ['appraiser'] });
  await directory.put({ id: 'u-lead', displayName: 'Lãnh đạo', agency: 'so-khcn', roles: ['drafting_lead'] });
  runner = new ProjectionRunner({
    store,
    sql: store.sql,
    projection: deadlinesProjection,
    lock: inProcessLocks('deadlines'),
    idleMs: 10,
  });
  runner.start();
});

afterAll(async () => {
  await runner?.stop();
  await store?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('reminders due together', () => {
  it('are told in batches (a directory read and a few statements for many), each once', async () => {
    // Sent 1.7 s ago: the reminder (at 1.5 s) is due, the escalation (at 2 s) not yet.
    const ids = await Promise.all(Array.from({ length: 40 }, () => sentForAppraisal(1700)));
    const clockIds = ids.map((id) => `${id}.dossier_check.1`);
    await until(async () => (await Promise.all(clockIds.map((c) => clockById(store.sql, c)))).every(Boolean));
    const counted = counting(store.sql);
    const directory = new CountedDirectory(counted.sql);
    const notifier = new DeadlineNotifier(counted.sql, directory, new Inbox(counted.sql), undefined);
    const processor = new ReminderProcessor(store.sql, store, notifier, activeRuleBook());
    // All at once, as the worker's concurrency hands them over; each clock's job twice.
    const outcomes = await Promise.all(
      [...clockIds, ...clockIds].map((clockId) => processor.run('reminder', { clockId, n: 1 })),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(80);
    // One job at a time read the directory 80 times and sent ~8 statements a reminder.
    expect(directory.reads).toBeLessThanOrEqual(4);
    expect(counted.statements()).toBeLessThanOrEqual(40);
    const rows = await store.sql.query<{ key: string; n: string }>(
      `SELECT key, count(*)::text AS n FROM notifications WHERE clock_id = ANY($1) GROUP BY key`,
      [clockIds],
    );
    expect(rows.map((r) => r.n)).toEqual(clockIds.map(() => '2')); // two appraisers, once each
    for (const id of ids) {
      const recorded = (await store.readStream(`deadline-${id}`)).map((e) => e.type);
      expect(recorded).toEqual(['DeadlineReminderSent']);
    }
    expect(await processor.run('reminder', { clockId: clockIds[0], n: 1 })).toBe('skipped');
  });

  it('an escalation in the same batch as its reminder records the reminder first, each once', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => sentForAppraisal(2500)));
    const clockIds = ids.map((id) => `${id}.dossier_check.1`);
    await until(async () => (await Promise.all(clockIds.map((c) => clockById(store.sql, c)))).every(Boolean));
    const directory = new UserDirectory(store.sql);
    const processor = new ReminderProcessor(
      store.sql,
      store,
      new DeadlineNotifier(store.sql, directory, new Inbox(store.sql), undefined),
      activeRuleBook(),
    );
    const outcomes = await Promise.all(
      clockIds.flatMap((clockId) => [
        processor.run('escalation', { clockId }),
        processor.run('reminder', { clockId, n: 1 }),
      ]),
    );
    expect(outcomes.every((o) => o === 'sent')).toBe(true);
    for (const id of ids)
      expect((await store.readStream(`deadline-${id}`)).map((e) => e.type)).toEqual([
        'DeadlineReminderSent',
        'DeadlineMissed',
      ]);
  });
});
