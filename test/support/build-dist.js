// Jest global setup: build dist/ once, before any test file runs. The reliability tests start the
// built api and worker as real processes; building in each file would let one file's
// `rm -rf dist` pull the ground from under another file's processes when they run in parallel.
// DRAFTLINE_SKIP_BUILD=1 skips it for a targeted run of specs that start no process.
import { execFileSync } from 'node:child_process';
import process from 'node:process';

export default function buildDist() {
  if (process.env.DRAFTLINE_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
}
