import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deleteKeysWithPrefix } from '../support/cleanup.js';

// `npm run demo` as a newcomer runs it: the built CLI, on a fresh embedded store with the
// defaults (deadlines included), twice. The second run must record nothing new.
const run = promisify(execFile);

describe('npm run demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-demo-'));
  const prefix = `test-demo-${process.pid}`;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    // The demo runs without the deadline worker; should that change, leave no keys behind.
    await deleteKeysWithPrefix(prefix);
  });

  it('loads the 2019 scenario into a fresh embedded store, and only once', async () => {
    const env = {
      ...process.env,
      DATA_DIR: dir,
      EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
      QUEUE_PREFIX: `test-demo-${process.pid}`,
    };
    const first = await run(process.execPath, ['dist/apps/api/src/cli/demo.js'], { env, timeout: 120_000 });
    expect(first.stdout).toMatch(/Recorded \d+ new events/);
    expect(first.stdout).toMatch(/drafts in the work programme\s*│ 3/);
    expect(first.stdout).toMatch(/existing documents reviewed\s*│ 10/);
    const second = await run(process.execPath, ['dist/apps/api/src/cli/demo.js'], { env, timeout: 120_000 });
    expect(second.stdout).toContain('Nothing new recorded');
  }, 240_000);
});
