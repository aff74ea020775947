import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { commandEvents, readAllOf, sleep, tailPosition, uniqueStream } from '../contract/fixtures.js';
import { describeSqlTamperEvidence } from '../contract/sql-tamper.contract.js';
import { createPgliteEventStore } from './factories.js';
import type { PostgresEventStore } from './postgres-event-store.js';

// One in-memory PGlite for the whole file: creating one takes seconds under Jest.
let store: PostgresEventStore;
beforeAll(async () => {
  store = await createPgliteEventStore();
});
afterAll(async () => {
  await store?.close();
});

describeEventStoreContract('PGlite (in memory)', async () => ({ store, cleanup: async () => undefined }));
describeSqlTamperEvidence('PGlite', () => store);

describe('PGlite and transactions held open', () => {
  // The held-open-transaction gap (RELIABILITY.md) needs two transactions open at once. PGlite
  // has one connection and queues everything behind the transaction that is running, so T2
  // cannot even start, let alone commit, before T1 ends: there is no gap to fall into. This
  // test shows that serialization rather than pretending to reproduce the gap.
  it('runs an append only after a transaction held open has ended', async () => {
    const start = await tailPosition(store);
    const [s1, s2] = [uniqueStream('held-t1'), uniqueStream('held-t2')];
    const [e1, e2] = [commandEvents(1), commandEvents(1)];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const t1Inserted = new Promise<void>((resolve) => (inserted = resolve));
    const t1 = store.sql.transaction(async (tx) => {
      await store.appendInTransaction(tx, s1, e1, { expectedRevision: 'no-stream' });
      inserted();
      await released;
    });
    await t1Inserted;
    let t2Done = false;
    const t2 = store.append(s2, e2, { expectedRevision: 'no-stream' }).then(() => (t2Done = true));
    await sleep(200);
    expect(t2Done).toBe(false);
    release();
    await Promise.all([t1, t2]);
    const { mine } = await readAllOf(store, new Set([s1, s2]), 2, { after: start });
    expect(mine.map((e) => e.id)).toEqual([e1[0].id, e2[0].id]);
  });
});
