import { randomBytes } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { commandEvents } from '../contract/fixtures.js';
import { describeSqlTamperEvidence } from '../contract/sql-tamper.contract.js';
import { StoreUnavailableError } from '../errors.js';
import { createPgEventStore } from './factories.js';
import { describeHeldOpenTransaction } from './held-open-transaction.cases.js';
import type { PostgresEventStore } from './postgres-event-store.js';
import { describeStreamOrder } from './stream-order.cases.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A schema of its own per run, so runs (and other test files) can share the server.
const schema = `es_test_${randomBytes(6).toString('hex')}`;

let store: PostgresEventStore;
beforeAll(async () => {
  store = await createPgEventStore({ url, schema, max: 20 });
});
afterAll(async () => {
  await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store?.close();
});

describeEventStoreContract('PostgreSQL (pg)', async () => ({ store, cleanup: async () => undefined }));
describeSqlTamperEvidence('PostgreSQL', () => store);
describeHeldOpenTransaction(() => store);
describeStreamOrder(() => store);

describe('PostgresEventStore on pg', () => {
  it('creates its schema idempotently', async () => {
    await store.init();
    const [row] = await store.sql.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(row.schema).toBe(schema);
  });

  it('brings back an append function that is missing or out of date, keeping the order offset', async () => {
    const offset = async () =>
      (
        await store.sql.query<{ body: string }>(
          `SELECT prosrc AS body FROM pg_proc WHERE proname = 'draftline_commit_order'`,
        )
      )[0].body;
    const before = await offset();
    await store.sql.query('DROP FUNCTION draftline_order_conflict(text)');
    await store.sql.query(
      `CREATE OR REPLACE FUNCTION draftline_refusal(p_stream text, p_ids uuid[]) RETURNS text LANGUAGE sql AS 'SELECT NULL'`,
    );
    await store.init();
    expect(await offset()).toBe(before);
    const s = `upgraded-${randomBytes(4).toString('hex')}`;
    await store.append(s, commandEvents(1), { expectedRevision: 'no-stream' });
    await expect(store.append(s, commandEvents(1), { expectedRevision: 'no-stream' })).rejects.toMatchObject({
      actual: 0,
    });
  });

  it('reports an unreachable server as StoreUnavailableError', async () => {
    await expect(createPgEventStore({ url: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});
