// PGlite lives inside one process and keeps no lock of its own: two processes opening the same
// folder would both write to it and damage it. The api and the demo hold a lock file beside the
// store's folder (`<folder>.lock`, with the pid and who holds it) while they use it.
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The folder of an embedded store (pglite://<path>), or undefined for any other store. */
export function embeddedStoreDir(eventStoreUrl: string): string | undefined {
  if (!eventStoreUrl.startsWith('pglite://')) return undefined;
  const path = eventStoreUrl.slice('pglite://'.length);
  return path && path !== 'memory' ? resolve(path) : undefined;
}

export class StoreInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; role: string },
    role: string,
  ) {
    super(
      `The ${role} cannot open the embedded store in ${dir}: the ${holder.role} (pid ${holder.pid}) holds it. ` +
        `Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), or set EVENT_STORE_URL to another store.`,
    );
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the lock of the embedded store at `eventStoreUrl` for this process (a no-op for other
 * stores), or throws StoreInUseError naming the live process that holds it. A lock left by a
 * process that is gone is taken over. Returns the release, also run when the process exits.
 */
export function holdEmbeddedStore(eventStoreUrl: string, role: string, pid = process.pid): () => void {
  const dir = embeddedStoreDir(eventStoreUrl);
  if (!dir) return () => {};
  const file = `${dir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid, role }));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== pid && alive(holder.pid)) throw new StoreInUseError(dir, holder, role);
      unlinkQuietly(file); // left by a process that is gone (or half-written): take it over
    }
  }
  const release = () => {
    if (readHolder(file)?.pid === pid) unlinkQuietly(file);
    process.removeListener('exit', release);
  };
  process.on('exit', release);
  return release;
}

function readHolder(file: string): { pid: number; role: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; role?: unknown };
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, role: String(parsed.role ?? 'api') }
      : undefined;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
