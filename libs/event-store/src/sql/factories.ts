import { PgClient, type PgClientOptions } from './pg-client.js';
import { PgliteClient, type PgliteClientOptions } from './pglite-client.js';
import { PostgresEventStore } from './postgres-event-store.js';

/**
 * A store on a PostgreSQL server through a `pg` pool, schema created if missing. Fails with
 * StoreUnavailableError when the server cannot be reached.
 */
export const createPgEventStore = async (options: PgClientOptions): Promise<PostgresEventStore> => {
  const client = await PgClient.connect(options);
  try {
    return await PostgresEventStore.create(client);
  } catch (error) {
    await client.close();
    throw error;
  }
};

/** A store on an embedded PGlite database: files under `dataDir`, or in memory when it is omitted. */
export const createPgliteEventStore = async (
  options: PgliteClientOptions = {},
): Promise<PostgresEventStore> => {
  const client = await PgliteClient.open(options);
  try {
    return await PostgresEventStore.create(client);
  } catch (error) {
    await client.close();
    throw error;
  }
};
