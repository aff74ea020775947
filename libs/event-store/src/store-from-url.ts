import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { KURRENTDB_SCHEMES } from './kurrentdb/connection-string.js';
import { KurrentDBEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { createPgEventStore, createPgliteEventStore } from './sql/factories.js';
import type { SqlClient } from './sql/sql-client.js';

/** A configured store; `sql` is there when the store is PostgreSQL or PGlite. */
export type ConfiguredEventStore = EventStore & { readonly sql?: SqlClient };

/**
 * Opens the store named by `EVENT_STORE_URL`:
 * - `pglite://./data/events`: embedded PGlite, files under that path (relative to the working
 *   directory, created if missing); `pglite://memory`: PGlite in memory;
 * - `postgres://…` / `postgresql://…`: a PostgreSQL server; an optional `?schema=name` puts the
 *   tables in that schema (created if missing);
 * - `memory://`: the in-memory store (tests only: nothing survives the process);
 * - `kurrentdb://…` / `kurrent://…` / `kdb://…` / `esdb://…` (and their `+discover` forms):
 *   KurrentDB, through the official client; everything after the scheme is the client's
 *   connection string (hosts, `tls`, `nodePreference`, credentials …). The client connects on
 *   first use, not here.
 */
export const createEventStore = async (url: string): Promise<ConfiguredEventStore> => {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && KURRENTDB_SCHEMES.includes(scheme))
    return KurrentDBEventStore.fromConnectionString(url);
  switch (scheme) {
    case 'pglite': {
      const path = url.slice('pglite://'.length);
      if (path === 'memory') return createPgliteEventStore();
      if (path === '')
        throw new Error('EVENT_STORE_URL pglite:// needs a directory, e.g. pglite://./data/events');
      const dataDir = resolve(process.cwd(), path);
      await mkdir(dataDir, { recursive: true });
      return createPgliteEventStore({ dataDir });
    }
    case 'postgres':
    case 'postgresql': {
      const parsed = new URL(url);
      const schema = parsed.searchParams.get('schema') ?? undefined;
      // pg would pass an unknown query parameter on to the server: keep it to ourselves.
      parsed.searchParams.delete('schema');
      return createPgEventStore({ url: parsed.toString(), schema });
    }
    case 'memory':
      return new InMemoryEventStore();
    default:
      throw new Error(
        `EVENT_STORE_URL must start with pglite://, postgres://, postgresql://, memory:// or kurrentdb:// ` +
          `(got ${scheme === undefined ? 'no scheme' : `${scheme}://`})`,
      );
  }
};
