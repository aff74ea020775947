// The set-up every server-mode fault run shares, registered as the spec file's beforeAll and
// afterAll: a schema of its own (on a PostgreSQL cluster of its own when asked, else on
// the shared server), a private redis-server when asked (else a key prefix of its own on
// the shared one), optionally a webhook receiver and a user directory that sends the agency's
// reminders to it; then the built api and worker started on all of that with the fault runs'
// readiness bounds. Everything is stopped and dropped after the file, whatever the test did.
import { randomBytes } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import { deleteKeysWithPrefix, dropSchemas } from '../../support/cleanup.js';
import { DATABASE_URL } from '../../support/stores.js';
import {
  directoryWithWebhook,
  FAULT_READINESS_ENV,
  startWebhookReceiver,
  type WebhookReceiver,
} from './fault-acceptance.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';
import { freePort, Processes } from './processes.js';
import { startServerMode } from './server-mode.js';

export interface FaultRunOptions {
  /** Names the schema and the key prefix (`<name>_<random>`, `test-<name>-<random>`). */
  name: string;
  /** A private PostgreSQL cluster (the run restarts or holds it up). */
  privatePostgres?: boolean;
  /** A private redis-server (the run shuts it down or flushes it). */
  privateRedis?: boolean;
  /** A webhook receiver, and a directory that sends so-khcn's reminders to it. */
  webhook?: boolean;
}

export interface FaultRun {
  readonly procs: Processes;
  /** The run's store (its schema), for the checks and for appends of the test's own. */
  readonly store: PostgresEventStore;
  /** The database to rebuild the read models from, for the comparison after the run. */
  readonly rebuildUrl: string;
  readonly pg?: PrivatePostgres;
  readonly redis?: PrivateRedis;
  readonly receiver?: WebhookReceiver;
  /** Called after the file, before the processes are killed (loads, held transactions). */
  readonly stoppers: (() => Promise<unknown>)[];
  /** The built api and worker on the run's store and Redis (reminders to the webhook, if any). */
  start(): ReturnType<typeof startServerMode>;
}

export function useFaultRun(o: FaultRunOptions): FaultRun {
  const tag = randomBytes(5).toString('hex');
  const schema = `${o.name}_${tag}`;
  const prefix = `test-${o.name}-${tag}`;
  const procs = new Processes();
  const stoppers: (() => Promise<unknown>)[] = [];
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  let receiver: WebhookReceiver | undefined;
  let directory: { file: string; remove(): void } | undefined;
  let store: PostgresEventStore | undefined;
  const databaseUrl = () => pg?.url ?? DATABASE_URL;

  beforeAll(async () => {
    // Ports chosen free now, not fixed: a fixed one in the ephemeral range (32768–60999 here) is
    // sometimes some other connection's, and the server cannot bind it (CI: "redis-server on
    // 56480 did not start").
    if (o.privatePostgres) pg = await startPrivatePostgres(await freePort());
    if (o.privateRedis) redis = await startPrivateRedis(await freePort());
    store = await createPgEventStore({ url: databaseUrl(), schema });
    if (o.webhook) {
      receiver = await startWebhookReceiver(await freePort());
      directory = directoryWithWebhook(receiver.url);
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
    await procs.killAll();
    await store?.close();
    await receiver?.close();
    directory?.remove();
    if (redis) await redis.destroy();
    else await deleteKeysWithPrefix(prefix);
    if (pg) await pg.destroy();
    else await dropSchemas(schema);
  });

  return {
    procs,
    stoppers,
    get store() {
      if (!store) throw new Error('the fault run has not started (use it inside a test)');
      return store;
    },
    get rebuildUrl() {
      return databaseUrl();
    },
    get pg() {
      return pg;
    },
    get redis() {
      return redis;
    },
    get receiver() {
      return receiver;
    },
    start() {
      const url = new URL(databaseUrl());
      url.searchParams.set('schema', schema);
      const reminders = directory
        ? { DEADLINE_RECONCILE_SECONDS: '2', USER_DIRECTORY_FILE: directory.file }
        : undefined;
      return startServerMode(procs, {
        storeUrl: url.toString(),
        redisUrl: redis?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        prefix,
        ...(reminders && {
          workerEnv: reminders,
          apiEnv: { ...FAULT_READINESS_ENV, USER_DIRECTORY_FILE: reminders.USER_DIRECTORY_FILE },
        }),
      });
    },
  };
}
