import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedStoreDir, holdEmbeddedStore, StoreInUseError } from './store-lock.js';

describe('the embedded store lock', () => {
  let root: string;
  let url: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'draftline-lock-'));
    url = `pglite://${join(root, 'events')}`;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('applies to folders of PGlite only', () => {
    expect(embeddedStoreDir('postgres://x/y')).toBeUndefined();
    expect(embeddedStoreDir('pglite://memory')).toBeUndefined();
    expect(embeddedStoreDir(url)).toBe(join(root, 'events'));
  });

  it('refuses a second process while a live one holds the store, with a sentence naming it', async () => {
    // A live process of another pid stands for the running api.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']); // lives until killed below
    try {
      holdEmbeddedStore(url, 'api', other.pid!);
      expect(() => holdEmbeddedStore(url, 'demo')).toThrow(StoreInUseError);
      expect(() => holdEmbeddedStore(url, 'demo')).toThrow(
        new RegExp(`the api \\(pid ${other.pid}\\) holds it\\. Stop it first`),
      );
    } finally {
      other.kill();
      await new Promise((done) => other.once('exit', done));
    }
    // The holder is gone: its lock is taken over.
    const release = holdEmbeddedStore(url, 'demo');
    release();
    expect(existsSync(`${join(root, 'events')}.lock`)).toBe(false);
  });

  it('takes over a lock file that is not readable', () => {
    writeFileSync(`${join(root, 'events')}.lock`, 'garbage');
    holdEmbeddedStore(url, 'api')();
  });
});
