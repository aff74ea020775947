// Builds dist/ only when it is older than the sources, and watches them in development.
//
//   node infra/build.js --if-changed  nothing when dist/ was built after the last change to a
//                                     source (`npm start`, `npm run token`, `npm run demo`, ...);
//                                     otherwise `npm run build`, the one clean build (also CI's,
//                                     the Docker image's and Jest's global setup's), then the stamp
//   node infra/build.js --watch       `npm run dev`: swc recompiles each file as it is saved, vite
//                                     rebuilds the web interface, and `node --watch` restarts the
//                                     api when a file it loaded changes
//
// "Changed" is by modification time: the newest file or folder under the sources (a folder's time
// moves when a file in it is added, renamed or deleted) against the time the last build started.
// `npm run build` leaves no stamp (it removes dist/ first), so the next run after it builds once.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['apps', 'libs', 'test/bench'];
/** Files besides the sources whose change changes the output. */
const SETTINGS = ['.swcrc'];
const DIST = join(ROOT, 'dist');
/** Its modification time is when the build that made dist/ started. */
const STAMP = '.built-at';
const BIN = join(ROOT, 'node_modules', '.bin');

/** The newest modification time (ms) of the sources, their folders and the settings. */
export function newestSource(root = ROOT) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
  };
  for (const source of [...SOURCES, ...SETTINGS]) visit(join(root, source));
  return newest;
}

/** When the build that made `dist` started, or undefined when there is none (or it is partial). */
export function builtAt(dist = DIST) {
  return statSync(join(dist, STAMP), { throwIfNoEntry: false })?.mtimeMs;
}

/** True when `dist` is missing or older than a source. */
export function isStale(root = ROOT, dist = join(root, 'dist')) {
  const at = builtAt(dist);
  return at === undefined || newestSource(root) > at;
}

/** `npm run build`, then the stamp, timed at its start (a source saved meanwhile is newer). */
function build() {
  const started = new Date();
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const stamp = join(DIST, STAMP);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

function buildIfChanged() {
  if (isStale()) build();
}

function watch() {
  buildIfChanged();
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const children = [
    spawn(
      join(BIN, 'swc'),
      [...SOURCES, '-d', 'dist', '--ignore', '**/*.spec.ts,apps/web/**', '-q', '--watch'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    ),
    spawn(join(BIN, 'vite'), ['build', 'apps/web', '--watch'], { cwd: ROOT, stdio: 'inherit' }),
    spawn(process.execPath, ['--watch', 'dist/apps/api/src/main.js'], { cwd: ROOT, stdio: 'inherit', env }),
  ];
  // Ctrl-C reaches every child from the terminal; this only makes sure none outlives the others.
  const stop = (code) => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    process.exitCode = code ?? 0;
  };
  for (const child of children) child.once('exit', (code) => stop(code));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode === '--if-changed') buildIfChanged();
  else if (mode === '--watch') watch();
  else {
    console.error('Usage: node infra/build.js --if-changed | --watch   (npm run build: the clean build)');
    process.exit(2);
  }
}
