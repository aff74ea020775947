// A year without holiday data never loses a clock: the deadlines projection on the real
// PostgreSQL counts it on weekends alone and flags it provisional; once the calendar covers the
// year, the provisional clocks are computed again and their jobs moved.
import { randomBytes, randomUUID } from 'node:crypto';
import { event } from '#drafting';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { inProcessLocks, migrate, ProjectionRunner } from '#projections';
import { dropSchemas } from '../../../../test/support/cleanup.js';
import { appendAsCommand } from '#projections/testing';
import { VIETNAM_HOLIDAYS } from '../holidays/holidays.data.js';
import { WorkingCalendar } from '../working.calendar.js';
import { clockById } from './deadline.rows.js';
import { recomputeProvisionalClocks } from './provisional.js';
import { deadlinesProjection } from './deadlines.projection.js';
import { useRuleBook } from './rule-book.js';
import { STATUTORY_RULES } from '../clock.rules.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `dlp_${randomBytes(5).toString('hex')}`;

let store: PostgresEventStore;
let runner: ProjectionRunner;

async function until(check: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A 2028 programme draft assigned on 20 Nov 2027 (business time), planned for June 2028. */
async function assigned2028(): Promise<string> {
  const id = randomUUID();
  const data = {
    documentId: id,
    kind: 'committee_decision',
    title: 'Quy định về quản lý nhiệm vụ năm 2028',
    agency: 'so-khcn',
    procedure: 'standard',
    origin: 'programme',
    year: 2028,
    plannedMonth: '2028-06',
  };
  await appendAsCommand(store, id, [event('DraftAssigned', data as never)], new Date('2027-11-20T03:00:00Z'));
  return id;
}

const parked = async () =>
  (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM projection_parked'))[0].n;

beforeAll(async () => {
  useRuleBook(STATUTORY_RULES);
  store = await createPgEventStore({ url: DATABASE_URL, schema });
  await migrate(store.sql, [deadlinesProjection]);
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
  await dropSchemas(schema);
});

it('counts a clock in a year without holiday data on weekends alone and flags it provisional, parking nothing', async () => {
  const id = await assigned2028();
  const clockId = `${id}.programme_submission.1`;
  await until(async () => (await clockById(store.sql, clockId)) !== undefined || (await parked()) > 0);
  expect(await parked()).toBe(0);
  const clock = await clockById(store.sql, clockId);
  expect(clock).toMatchObject({ status: 'open', dueDate: '2028-06-30', provisional: { years: [2028] } });
  const [row] = await store.sql.query<{ provisional: boolean }>(
    'SELECT provisional FROM deadlines WHERE clock_id = $1',
    [clockId],
  );
  expect(row.provisional).toBe(true);
});

it('computes the provisional clocks again once the calendar covers their year, and moves their jobs', async () => {
  const id = await assigned2028();
  const clockId = `${id}.programme_submission.1`;
  await until(async () => (await clockById(store.sql, clockId)) !== undefined);
  await store.sql.query('DELETE FROM deadline_outbox');

  // Still no 2028 data: nothing changes.
  expect(await recomputeProvisionalClocks(store.sql, STATUTORY_RULES)).toMatchObject({ recomputed: 0 });

  // The release with 2028's data, a day off on Fri 16 June 2028: the first reminder moves a day.
  const y2028 = {
    year: 2028,
    source: 'derived' as const,
    note: 'spec',
    days: [{ date: '2028-06-16', kind: 'holiday' as const, name: 'x' }],
    workingDays: [],
  };
  const covered = new WorkingCalendar([...VIETNAM_HOLIDAYS, y2028]);
  const result = await recomputeProvisionalClocks(store.sql, STATUTORY_RULES, covered);
  expect(result.recomputed).toBeGreaterThanOrEqual(1);
  const clock = await clockById(store.sql, clockId);
  expect(clock?.provisional).toBeUndefined();
  expect(clock?.reminders.map((r) => r.at)).toEqual(['2028-06-15T01:00:00.000Z', '2028-06-27T01:00:00.000Z']);
  const [row] = await store.sql.query<{ provisional: boolean }>(
    'SELECT provisional FROM deadlines WHERE clock_id = $1',
    [clockId],
  );
  expect(row.provisional).toBe(false);
  // Its jobs: removed, then added at the new times, in that order.
  const outbox = await store.sql.query<{ op: string; job_id: string; at: string | null }>(
    `SELECT op, job_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at
       FROM deadline_outbox WHERE clock_id = $1 ORDER BY seq`,
    [clockId],
  );
  expect(outbox.map((r) => `${r.op} ${r.job_id} ${r.at ?? ''}`.trim())).toEqual([
    `remove reminder-${clockId}-1`,
    `remove reminder-${clockId}-2`,
    `remove escalation-${clockId}`,
    `add reminder-${clockId}-1 2028-06-15T01:00`,
    `add reminder-${clockId}-2 2028-06-27T01:00`,
    `add escalation-${clockId} 2028-06-30T17:00`,
  ]);
  // The document's state (what later events fold from) holds the new clock too.
  const [doc] = await store.sql.query<{ state: { clocks: { clockId: string; provisional?: unknown }[] } }>(
    'SELECT state FROM deadline_documents WHERE document_id = $1::uuid',
    [id],
  );
  expect(doc.state.clocks.find((c) => c.clockId === clockId)?.provisional).toBeUndefined();
  expect(await recomputeProvisionalClocks(store.sql, STATUTORY_RULES, covered)).toMatchObject({
    recomputed: 0,
  });
});
