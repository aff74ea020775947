import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type AppendResult, type PostgresEventStore } from '#event-store';
import { documentHistoryProjection } from '../document-history/document-history.projection.js';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import { openReadModelDatabase } from '../read-model-database.js';
import { ReadModels } from '../read-models.js';
import { assigned, revised } from '../testing/draft-events.js';
import { rebuildProjections } from './rebuild.js';

// The README's embedded path: the API stopped, `npm run projections:rebuild` on the PGlite store
// whose one connection also holds the read models (no READ_MODEL_URL).
const PROJECTIONS = [documentStatusProjection, documentHistoryProjection];

let store: PostgresEventStore;

beforeAll(async () => {
  store = await createPgliteEventStore({});
});
afterAll(async () => {
  await store?.close();
});

const newDocument = async (n: number): Promise<AppendResult> => {
  const id = randomUUID();
  const events = [assigned(id), ...Array.from({ length: n - 1 }, (_, i) => revised(i))];
  return store.append(`draft-${id}`, events, { expectedRevision: 'no-stream' });
};

/** Rejects when `promise` has not settled within `ms` (a deadlock never settles). */
const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

describe('rebuilding projections on an embedded (PGlite) store', () => {
  it('completes the swap instead of waiting on its own transaction', async () => {
    const db = (await openReadModelDatabase(undefined, store))!;
    expect(db.sql).toBe(store.sql); // one PGlite connection for the store and the read models
    for (let i = 0; i < 10; i++) await newDocument(3);
    const live = new ReadModels({ store, sql: db.sql, locks: db.locks, projections: PROJECTIONS, run: true });
    await live.start();
    const last = await newDocument(2);
    expect(await live.waitForPosition(last.position, 10_000)).toBe(true);
    await live.stop(); // "stop the API"
    const before = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM document_history');

    const result = await within(rebuildProjections({ store, sql: db.sql, projections: PROJECTIONS }), 20_000);

    expect(result).toMatchObject({ aborted: false, swapped: ['document_status', 'document_history'] });
    const after = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM document_history');
    expect(after).toEqual(before);
    const [status] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM document_status');
    expect(status.n).toBe(11);
    // Appended after the rebuild: a runner started again carries on from the swapped-in checkpoint.
    const more = await newDocument(2);
    const again = new ReadModels({
      store,
      sql: db.sql,
      locks: db.locks,
      projections: PROJECTIONS,
      run: true,
    });
    await again.start();
    try {
      expect(await again.waitForPosition(more.position, 10_000)).toBe(true);
    } finally {
      await again.stop();
    }
  });
});
