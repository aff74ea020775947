import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '#config';
import { prettyLogs, startProcessLogger } from '#observability';
import { createApp } from './bootstrap.js';
import { ensureEmbeddedRedis, type PrivateRedis } from './embedded-redis.js';
import { holdEmbeddedStore } from './store-lock.js';

/** Past this, a stop that hangs (a dependency gone) gives up and leaves with exit code 1. */
const STOP_BOUND_MS = 10_000;

async function main(): Promise<void> {
  const loaded = loadConfig();
  // Before anything logs: Nest's logger, the app's and the request log are this one.
  startProcessLogger(loaded.logLevel, prettyLogs(loaded.env));
  // An embedded store is this process's alone while it runs (the demo refuses meanwhile).
  holdEmbeddedStore(loaded.eventStoreUrl, 'api');
  const { config, redis } = await ensureEmbeddedRedis(loaded);
  // Whatever ends the process, the private Redis (if any) is told to go too.
  if (redis) process.once('exit', () => redis.signal());
  const app = await createApp(config);
  stopOnSignals(app, redis);
  await app.listen(config.port, config.host);
  const where = `http://${config.host}:${config.port}`;
  Logger.log(`Draftline API on ${where} (OpenAPI at ${where}/docs), store ${config.eventStoreUrl}`, 'Main');
}

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP: stop in order, then exit 0. The app closes first (HTTP, the
 * runners' batches in flight, the queues, the store), then the private Redis it was using. Not
 * Nest's enableShutdownHooks: it re-raises the signal after closing, and a supervisor or a shell
 * should see a clean exit. A stop past STOP_BOUND_MS leaves with 1 (the Redis is told to go on
 * exit). A second signal changes nothing (an impatient Ctrl-C, or npm forwarding the one it got).
 */
function stopOnSignals(app: NestExpressApplication, redis: PrivateRedis | undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: stopping`, 'Main');
    const bound = setTimeout(() => {
      Logger.error(`the stop took longer than ${STOP_BOUND_MS} ms: leaving`, 'Main');
      process.exit(1);
    }, STOP_BOUND_MS);
    bound.unref();
    app
      .close()
      .then(() => redis?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
  };
  // SIGHUP too: a closed terminal would otherwise end the api and leave its Redis running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
