// Child processes for the multi-process reliability tests: the built api and worker
// (`npm run -s build` first), each with its output kept in memory for the checks and for
// diagnostics, and a registry so afterAll can kill whatever is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export const API_MAIN = 'dist/apps/api/src/main.js';
export const WORKER_MAIN = 'dist/apps/worker/src/main.js';

export interface NodeProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (the last MB). */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  readonly running: boolean;
}

const OUTPUT_CAP = 1 << 20;

export class Processes {
  private readonly all = new Set<NodeProcess>();

  /** Starts `node <script>` with exactly `env` (plus PATH and HOME). */
  start(name: string, script: string, env: Record<string, string>): NodeProcess {
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.length > OUTPUT_CAP) text = text.slice(-OUTPUT_CAP);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let running = true;
    const exited = once(child, 'exit').then(([code]) => {
      running = false;
      return code as number | null;
    });
    const proc: NodeProcess = {
      name,
      child,
      output: () => text,
      exited,
      get running() {
        return running;
      },
    };
    this.all.add(proc);
    return proc;
  }

  /** kill -9 of everything still running, then waits for the exits. */
  async killAll(): Promise<void> {
    const left = [...this.all].filter((p) => p.running);
    for (const p of left) p.child.kill('SIGKILL');
    await Promise.all(left.map((p) => p.exited));
  }

  /** The last lines of every process's output, for a failure message. */
  tails(lines = 15): string {
    return [...this.all]
      .map((p) => `--- ${p.name}\n${p.output().split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it gives a truthy value; throws naming `what` after `ms`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  ms: number,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(everyMs);
  }
}

/** Waits until the api answers /health/live; fails at once if the process dies first. */
export async function waitForApi(proc: NodeProcess, url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited:\n${proc.output().slice(-3000)}`);
    const ok = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > end) throw new Error(`${proc.name} not listening within ${ms} ms:\n${proc.output()}`);
    await sleep(100);
  }
}
