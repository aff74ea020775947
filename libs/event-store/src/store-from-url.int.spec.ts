import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { commandEvents } from './contract/fixtures.js';
import { PostgresEventStore } from './sql/postgres-event-store.js';
import { createEventStore } from './store-from-url.js';

describe('createEventStore (databases)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'draftline-es-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens PGlite under a path relative to the working directory, creating it, and keeps events', async () => {
    const path = relative(process.cwd(), join(dir, 'nested', 'events'));
    const first = await createEventStore(`pglite://${path}`);
    expect(first).toBeInstanceOf(PostgresEventStore);
    expect(first.sql).toBeDefined();
    const events = commandEvents(2);
    await first.append('durable', events, { expectedRevision: 'no-stream' });
    await first.close();
    expect((await stat(join(dir, 'nested', 'events'))).isDirectory()).toBe(true);

    const second = await createEventStore(`pglite://${path}`);
    expect((await second.readStream('durable')).map((e) => e.id)).toEqual(events.map((e) => e.id));
    await second.close();
  });

  it('opens PostgreSQL, in the schema named by ?schema=', async () => {
    const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `es_test_${randomBytes(6).toString('hex')}`;
    const url = new URL(base);
    url.searchParams.set('schema', schema);
    const store = await createEventStore(url.toString());
    try {
      const [row] = (await store.sql?.query<{ s: string }>('SELECT current_schema() AS s')) ?? [];
      expect(row?.s).toBe(schema);
    } finally {
      await store.sql?.query(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
    }
  });
});
