import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '#config';
import { createApp } from './bootstrap.js';
import { ensureEmbeddedRedis } from './embedded-redis.js';

async function main(): Promise<void> {
  const { config, child: redis } = await ensureEmbeddedRedis(loadConfig());
  const app = await createApp(config);
  // The private Redis (if any) goes down with the API, after the queues have closed.
  if (redis) process.once('exit', () => redis.kill('SIGTERM'));
  await app.listen(config.port, config.host);
  const where = `http://${config.host}:${config.port}`;
  Logger.log(`Draftline API on ${where} (OpenAPI at ${where}/docs), store ${config.eventStoreUrl}`, 'Main');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
