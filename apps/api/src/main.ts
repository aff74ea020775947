import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '#config';
import { createApp } from './bootstrap.js';
import { ensureEmbeddedRedis, type PrivateRedis } from './embedded-redis.js';

/** Past this, a stop that hangs (a dependency gone) gives up and leaves with exit code 1. */
const STOP_BOUND_MS = 10_000;

async function main(): Promise<void> {
  const { config, redis } = await ensureEmbeddedRedis(loadConfig());
  // Whatever ends the process, the private Redis (if any) is told to go too.
  if (redis) process.once('exit', () => redis.signal());
  const app = await createApp(config);
  stopOnSignals(app, redis);
  await app.listen(config.port, config.host);
  const where = `http://${config.host}:${config.port}`;
  Logger.log(`Draftline API on ${where} (OpenAPI at ${where}/docs), store ${config.eventStoreUrl}`, 'Main');
}

/**
 * Ctrl-C (SIGINT) or SIGTERM: stop in order, then exit 0. The app closes first (HTTP, the
 * runners' batches in flight, the queues, the store), then the private Redis it was using. Not
 * Nest's enableShutdownHooks: it re-raises the signal after closing, and a supervisor or a shell
 * should see a clean exit. A stop past STOP_BOUND_MS leaves with 1. A second signal changes
 * nothing: under `npm start` one Ctrl-C arrives twice (from the terminal, and forwarded by npm).
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
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
