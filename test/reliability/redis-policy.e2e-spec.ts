import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_URL } from '../support/stores.js';
import { dropSchemas } from '../support/cleanup.js';

// An evicting Redis silently drops delayed jobs under memory pressure, and reminders with them:
// the worker must refuse one at start and say why. The Redis here is a private one the test
// runs with an evicting policy, never the shared one.
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the worker and an evicting Redis', () => {
  const schema = `redis_policy_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'draftline-redis-'));
  let redis: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--dir',
        dir,
        '--maxmemory-policy',
        'allkeys-lru',
      ],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        probe.on('exit', (code) => resolve(code === 0));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the private redis-server did not start');
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropSchemas(schema);
  });

  it('refuses to start, naming the policy and the fix', async () => {
    const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      env: {
        ...process.env,
        EVENT_STORE_URL: `${DATABASE_URL}?schema=${schema}`,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        QUEUE_PREFIX: `test-policy-${schema}`,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    worker.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => worker.kill('SIGKILL'), 30_000);
    const [code] = await once(worker, 'exit');
    clearTimeout(timer);
    expect(code).not.toBe(0);
    expect(output).toContain('maxmemory-policy allkeys-lru');
    expect(output).toContain('noeviction');
  });
});
