import { randomBytes } from 'node:crypto';
import { createPgEventStore, createPgliteEventStore, type EventStore } from '#event-store';
import { dropSchemas } from './cleanup.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  readonly name: string;
  readonly store: EventStore;
  /** The PostgreSQL schema holding the tables, for tests that look underneath. */
  readonly schema?: string;
  cleanup(): Promise<void>;
}

/** A store in a schema of its own on the real PostgreSQL, dropped afterwards, so test files run in parallel. */
export async function postgresStore(): Promise<TestStore> {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const store = await createPgEventStore({ url: DATABASE_URL, schema });
  return {
    name: 'postgres',
    store,
    schema,
    async cleanup() {
      await store.close();
      await dropSchemas(schema);
    },
  };
}

/** An in-memory embedded PostgreSQL (PGlite): the same SQL as the server adapter, inside the process. */
export async function pgliteStore(): Promise<TestStore> {
  const store = await createPgliteEventStore({});
  return { name: 'pglite', store, cleanup: () => store.close() };
}
