// Issue 8, item 15: Ctrl-C stops `npm start` when it runs its private Redis. A terminal's Ctrl-C
// sends SIGINT to the whole foreground process group; here the built embedded api runs as the
// leader of a group of its own (as a shell runs it), with REDIS_URL on a private port where
// nothing listens, so it starts its own redis-server. SIGINT to the group: the api closes (its
// queues first), then its Redis, and it exits 0 within seconds, leaving no redis-server behind.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, freePort, sleep, until } from './support/processes.js';

// Taken as the file starts: a fixed port in the ephemeral range may be held by any connection.
const REDIS_PORT = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'draftline-ctrl-c-'));
const left: number[] = [];

afterAll(() => {
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid of the redis-server listening on `port` (whoever started it). */
const redisPid = (port: number): number | undefined => {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /redis-server/.test(l) && l.includes(`:${port}`));
  return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
};

it('SIGINT to the process group of `npm start` with its private Redis: exit 0 within seconds, no redis-server left', async () => {
  if (await listening(REDIS_PORT)) throw new Error(`something already listens on ${REDIS_PORT}`);
  const port = await freePort();
  // The node process `npm start` runs (npm itself always dies of the SIGINT, whatever its child
  // does: measured with npm 11; what must exit 0 is the api).
  const api = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
      DATA_DIR: dir,
      REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a shell gives a foreground job; the signal goes to the group.
    detached: true,
  });
  let output = '';
  api.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  api.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(api, 'exit') as Promise<[number | null, string | null]>;
  left.push(api.pid!);

  // Bounded: fails at once if the api exits, with its output.
  for (const end = Date.now() + 60_000; ; await sleep(200)) {
    if (api.exitCode !== null || Date.now() > end)
      throw new Error(`the embedded api is not answering (exit ${api.exitCode}):\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
  }
  const redis = redisPid(REDIS_PORT);
  expect(redis).toBeDefined();
  left.push(redis!);
  // Let the deadline worker's connections settle, as a user's session would be.
  await sleep(500);

  const sentAt = Date.now();
  process.kill(-api.pid!, 'SIGINT');
  // An impatient second Ctrl-C changes nothing (the stop is already under way).
  setTimeout(() => alive(api.pid!) && process.kill(-api.pid!, 'SIGINT'), 50);
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    exited,
    new Promise<'still running'>((resolve) => (timer = setTimeout(resolve, 15_000, 'still running'))),
  ]);
  clearTimeout(timer);
  const tookMs = Date.now() - sentAt;
  console.log(`Ctrl-C: ${JSON.stringify(result)} after ${tookMs} ms`);
  expect({
    result,
    output: result === 'still running' || result[0] !== 0 ? output.slice(-2000) : '',
  }).toEqual({
    result: [0, null],
    output: '',
  });
  expect(tookMs).toBeLessThan(10_000);
  // The private Redis went down with the api, not before and not never.
  expect(await until('redis-server gone', async () => !alive(redis!), 5000).catch(() => false)).toBe(true);
  expect(await listening(REDIS_PORT)).toBe(false);
}, 90_000);
