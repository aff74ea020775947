import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BARE_SECRET, benchToken } from './bench-token.js';

const MAIN = fileURLToPath(new URL('../../apps/api/src/main.js', import.meta.url));

export interface ApiProcess {
  readonly url: string;
  /** The server's process id (its CPU time is read from /proc). */
  readonly pid?: number;
  token(user: { sub: string; agency: string; roles: string[] }): Promise<string>;
  stop(): Promise<void>;
}

/** Runs the built API as its own process, so the load generator does not share its event loop. */
export async function startApiProcess(
  eventStoreUrl: string,
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      EVENT_STORE_URL: eventStoreUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: BARE_SECRET,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The load generator is one user: the per-user rate limit would measure itself.
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to two minutes: the embedded mode starts PGlite and a private Redis on a busy machine.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i >= 480) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer /health/live on ${url} within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid,
    token: benchToken,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
