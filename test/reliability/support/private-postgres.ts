// A PostgreSQL cluster of a test's own (initdb into a temporary directory, trust auth, socket in
// the same directory), so a fault test can restart or stop it without touching the shared server.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root: under root (a container) its tools run as the `postgres`
 * account, which then owns the cluster's directory.
 */
const asRoot = process.getuid?.() === 0;
const command = (tool: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', tool, ...args]] : [tool, args];

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** `pg_ctl -m immediate restart`: every backend killed, no shutdown checkpoint (a crash). */
  restartImmediate(): Promise<void>;
  /** `pg_ctl -m immediate stop`. */
  stopImmediate(): Promise<void>;
  /** Stops (immediately) and removes the cluster's files. */
  destroy(): Promise<void>;
}

/** initdb (about a second) and start on `port`; small settings, so it is light on the machine. */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), `draftline-pg-${port}-`));
  const data = join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = await accountOf('postgres');
    chownSync(dir, uid, gid);
  }
  await run(...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']), {
    env: { ...process.env, LC_ALL: 'C' },
  });
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    // fsync off only: an immediate stop kills the server, not the OS, so written WAL survives;
    // synchronous_commit stays on, else a crash would lose acknowledged commits.
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c shared_buffers=32MB',
    '-c max_connections=60',
    '-c logging_collector=on',
    `-c log_directory=${dir}`,
  ].join(' ');
  // The server inherits pg_ctl's stdio (restart takes no -l): with pipes, pg_ctl's caller would
  // wait for the server to close them. Its output goes to the cluster's log file instead.
  const ctl = async (...args: string[]) => {
    const child = spawn(...command('pg_ctl', ['-D', data, '-w', '-t', '30', ...args]), { stdio: 'ignore' });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`pg_ctl ${args.join(' ')}: exit ${code}`);
  };
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await ctl('-o', options, '-l', join(dir, 'log'), 'start');
    },
    restartImmediate: async () => {
      await ctl('-o', options, '-m', 'immediate', 'restart');
    },
    stopImmediate: async () => {
      await ctl('-m', 'immediate', 'stop');
    },
    destroy: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

async function accountOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, user])).stdout.trim())),
  );
  return { uid, gid };
}
