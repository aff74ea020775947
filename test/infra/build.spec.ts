import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStale, newestSource } from '../../infra/build.js';

/*
 * `npm start`, `npm run token` and the like build only when a source changed since the last
 * build started (infra/build.js --if-changed). Times are set explicitly: no waiting on the clock.
 */
describe('build only when sources changed', () => {
  let root: string;
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
  const touch = (path: string, seconds: number) => utimesSync(join(root, path), at(seconds), at(seconds));
  const everything = (seconds: number) => {
    for (const path of ['apps', 'apps/api', 'apps/api/main.ts', 'libs', 'libs/x.ts', 'test/bench', '.swcrc'])
      touch(path, seconds);
  };
  const stamp = (seconds: number) => {
    writeFileSync(join(root, 'dist/.built-at'), '');
    touch('dist/.built-at', seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'draftline-build-'));
    for (const dir of ['apps/api', 'libs', 'test/bench', 'dist'])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'apps/api/main.ts'), '');
    writeFileSync(join(root, 'libs/x.ts'), '');
    writeFileSync(join(root, '.swcrc'), '{}');
    everything(10);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no dist stamp (never built, or removed by a clean build)', () => {
    expect(isStale(root)).toBe(true);
  });

  it('skips the build when dist was built after every source changed', () => {
    stamp(20);
    expect(newestSource(root)).toBe(at(10).getTime());
    expect(isStale(root)).toBe(false);
  });

  it('builds when a source file was saved after the build started', () => {
    stamp(20);
    touch('apps/api/main.ts', 21);
    expect(isStale(root)).toBe(true);
  });

  it('builds when a source was deleted or added (its folder moved), or the swc settings changed', () => {
    stamp(20);
    unlinkSync(join(root, 'libs/x.ts'));
    touch('libs', 22);
    expect(isStale(root)).toBe(true);
    stamp(30);
    touch('.swcrc', 31);
    expect(isStale(root)).toBe(true);
  });
});
