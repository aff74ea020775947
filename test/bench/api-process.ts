import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signToken } from '../../apps/api/src/auth/token.service.js';

const MAIN = fileURLToPath(new URL('../../apps/api/src/main.js', import.meta.url));
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const JWT = { secret: SECRET, jwksUrl: undefined, issuer: 'draftline', audience: 'draftline-api' };

export interface ApiProcess {
  readonly url: string;
  token(user: { sub: string; agency: string; roles: string[] }): Promise<string>;
  stop(): Promise<void>;
}

/** Runs the built API as its own process, so the load generator does not share its event loop. */
export async function startApiProcess(
  eventStoreUrl: string,
  port: number,
  dataDir: string,
): Promise<ApiProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      EVENT_STORE_URL: eventStoreUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The load generator is one user: the per-user rate limit would measure itself.
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    token: (user) => signToken({ jwt: JWT }, user, '2h'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
