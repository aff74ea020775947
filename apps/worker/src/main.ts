import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { PinoNestLogger, prettyLogs, startProcessLogger } from '#observability';
import { WorkerModule } from './worker.module.js';

// Hosts the projection runners in server mode. On SIGTERM/SIGINT each runner finishes the batch
// in flight and commits before the process exits; a kill -9 loses nothing either (the batch's
// transaction never committed, and the next holder of the lock repeats it).
/** Past this, a stop that hangs gives up and leaves with exit code 1. */
const STOP_BOUND_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    // The api's logger, not Nest's own: JSON lines (readable ones in a terminal) from the first.
    logger: new PinoNestLogger(startProcessLogger(config.logLevel, prettyLogs(config.env))),
  });
  await app.init();
  Logger.log(`Draftline worker running projections (store ${redact(config.eventStoreUrl)})`, 'Worker');
  // Not Nest's enableShutdownHooks: it re-raises the signal after closing, and a supervisor
  // should see a clean exit (0) when the runners stopped cleanly.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return; // a second signal changes nothing; the bound below still holds
    stopping = true;
    Logger.log(`${signal}: finishing the batches in flight`, 'Worker');
    // A dependency gone (Redis down: the queues' close waits for it) must not keep the process
    // for ever: past the bound it leaves with 1, and what it had not finished is repeated by the
    // next holder (the batch's transaction never committed; a job is retried).
    const bound = setTimeout(() => {
      Logger.error(`the stop took longer than ${STOP_BOUND_MS} ms: leaving`, 'Worker');
      process.exit(1);
    }, STOP_BOUND_MS);
    bound.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
