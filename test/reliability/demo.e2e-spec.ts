import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deleteKeysWithPrefix } from '../support/cleanup.js';

// `npm run demo` as a newcomer runs it: the built CLI, on a fresh embedded store with the
// defaults (deadlines included), twice. It loads 2019 through the public command API on today's
// clock, each command dated by its business date. The second run must record nothing new.
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
    // Progress: one line per command, with its business date, as it is sent.
    expect(first.stdout).toMatch(/\[ 1\/\d+\] 2019-01-07 P1 +assign +office +201 planned/);
    expect(first.stdout).toMatch(/\] 2019-08-26 A1 +issue +office +200 issued/);
    // lifecycle.md's table as of 16 August 2019: 3 / 2 / 1 / 2 / 1 / 1 / 10 / 5.
    const figures = [
      ['drafts in the work programme', 3],
      ['  of them issued', 2],
      ['  of them being revised before appraisal', 1],
      ['drafts additionally assigned', 2],
      ['  of them submitted, awaiting decision', 1],
      ['  of them being drafted', 1],
      ['existing documents reviewed', 10],
      ['documents to implement', 5],
    ] as const;
    for (const [label, value] of figures)
      expect([label, first.stdout.match(new RegExp(`│ ${label}\\s*│ (\\d+)`))?.[1]]).toEqual([
        label,
        String(value),
      ]);
    expect(first.stdout).toContain('The status buckets add up to the drafts assigned.');
    const second = await run(process.execPath, ['dist/apps/api/src/cli/demo.js'], { env, timeout: 120_000 });
    expect(second.stdout).toContain('Nothing new recorded');
  }, 240_000);
});
