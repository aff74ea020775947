import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '#config';

const logger = new Logger('EmbeddedRedis');

/** True when something accepts TCP connections at the address. */
function listening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Embedded mode needs Redis only for the deadline jobs. When nothing listens at REDIS_URL and
 * `redis-server` is on the PATH, run a private one with its files under DATA_DIR/redis (AOF on,
 * `noeviction`, so no reminder is lost or evicted); when there is none, run without the
 * deadline worker and say so, rather than fail the whole API.
 */
export async function ensureEmbeddedRedis(
  config: AppConfig,
): Promise<{ config: AppConfig; child?: ChildProcess }> {
  if (!config.embedded || !config.deadlines.run) return { config };
  const url = new URL(config.redisUrl);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  if (await listening(host, port)) return { config };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    logger.warn(
      `Nothing listens at ${config.redisUrl} and redis-server is not installed: deadline reminders are off. ` +
        'Install Redis or set REDIS_URL to turn them on.',
    );
    return { config: { ...config, deadlines: { ...config.deadlines, run: false } } };
  }
  const dir = join(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--bind',
      host,
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && !(await listening(host, port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await listening(host, port)))
    throw new Error(`the private redis-server did not start on ${host}:${port}`);
  logger.log(`Started a private redis-server on ${host}:${port} (files under ${dir})`);
  return { config, child };
}
