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

/** The private redis-server of `npm start`: stopped by the API after its queues have closed. */
export interface PrivateRedis {
  readonly pid: number | undefined;
  /** SIGTERM (Redis saves its AOF and leaves), waits for the exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGTERM without waiting (the API is leaving anyway: Redis saves and leaves on its own). */
  signal(): void;
}

/**
 * Embedded mode needs Redis only for the deadline jobs. When nothing listens at REDIS_URL and
 * `redis-server` is on the PATH, run a private one with its files under DATA_DIR/redis (AOF on,
 * `noeviction`, so no reminder is lost or evicted); when there is none, run without the
 * deadline worker and say so, rather than fail the whole API.
 */
export async function ensureEmbeddedRedis(
  config: AppConfig,
): Promise<{ config: AppConfig; redis?: PrivateRedis }> {
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
    // A process group of its own: a terminal's Ctrl-C goes to the whole foreground group, and
    // Redis, shutting down at once, would leave the API retrying its connections for ever. The
    // API stops it itself, after its queues have closed (main.ts). After a kill -9 of the API it
    // keeps running, and the next start finds it listening and uses it.
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  for (let i = 0; i < 50 && !(await listening(host, port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await listening(host, port)))
    throw new Error(`the private redis-server did not start on ${host}:${port}`);
  logger.log(`Started a private redis-server on ${host}:${port} (files under ${dir})`);
  return { config, redis: privateRedis(child) };
}

function privateRedis(child: ChildProcess): PrivateRedis {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    pid: child.pid,
    async stop(graceMs = 5000) {
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, graceMs, 'late')));
      if ((await Promise.race([exited, late])) === 'late') {
        logger.warn(`the private redis-server did not stop within ${graceMs} ms: killed`);
        child.kill('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    },
    signal() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
