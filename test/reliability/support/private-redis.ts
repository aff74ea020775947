// A redis-server of a test's own on a private port (no persistence, noeviction), so a fault
// test can shut it down or wipe it without touching the shared Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sleep } from './processes.js';

export interface PrivateRedis {
  readonly url: string;
  start(): Promise<void>;
  /** `SHUTDOWN NOSAVE`: gone, and with no persistence every job with it. */
  shutdown(): Promise<void>;
  /** `FLUSHALL`: every key gone, the server still up. */
  flushAll(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), `draftline-redis-${port}-`));
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const command = async (...args: string[]) => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await redis.connect();
      return await redis.call(args[0], ...args.slice(1));
    } finally {
      redis.disconnect();
    }
  };
  const r: PrivateRedis = {
    url,
    async start() {
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      );
      for (let i = 0; ; i++) {
        if ((await command('PING').catch(() => undefined)) === 'PONG') return;
        if (i > 100) throw new Error(`redis-server on ${port} did not start`);
        await sleep(50);
      }
    },
    async shutdown() {
      const exited = child ? once(child, 'exit') : Promise.resolve();
      await command('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection drops with it
      await exited;
      child = undefined;
    },
    async flushAll() {
      await command('FLUSHALL');
    },
    async destroy() {
      if (child && child.exitCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await r.start();
  return r;
}
