// How fast a page of the web interface loads on the embedded default with the 2019 demo loaded
// (issue 11: "a page loads in under a second"): numbers, not an assertion. A fresh data directory
// gets `npm run demo` (the built CLI), the built api starts on it as `npm start` runs it, and
// Debian's Chromium (playwright-core, CHROMIUM_PATH or /usr/bin/chromium, --headless --no-sandbox
// --disable-gpu) opens each page as a fresh page load, ROUNDS times: the sign-in screen (no data:
// the baseline of the same run), My work, a document of the demo (its timeline) and the report as
// of 16/08/2019. For each it prints Chromium's navigation timing (DOMContentLoaded, load) and the
// time until the page's data is on screen ("usable"), from the navigation's start, in ms.
//
//   npm run -s build && node dist/test/bench/web-load.js [--rounds 7]
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = new URL('../../../', import.meta.url).pathname; // dist/test/bench → the repository
const DEMO = join(ROOT, 'dist/apps/api/src/cli/demo.js');
const API = join(ROOT, 'dist/apps/api/src/main.js');
const argRounds = process.argv.indexOf('--rounds');
const ROUNDS = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 5;
const say = (text: string) => process.stderr.write(`… ${text}\n`);

interface Sample {
  /** DOMContentLoaded and load, from the navigation's start (Chromium's navigation timing). */
  readonly domContentLoaded: number;
  readonly load: number;
  /** The page's data on screen, from the navigation's start. */
  readonly usable: number;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForLive(url: string, exited: () => boolean, output: () => string): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error(`the api exited:\n${output().slice(-3000)}`);
    const ok = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > end) throw new Error(`the api did not answer within 60 s:\n${output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One fresh page load of `url`, until `ready` is on screen. */
async function sample(page: Page, url: string, ready: string): Promise<Sample> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      usable: performance.now(),
    };
  });
}

/** The api's deadline jobs live in the shared Redis under this run's prefix: removed at the end. */
async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // No Redis: the api ran without reminders and left nothing.
  } finally {
    redis.disconnect();
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => x.toFixed(0).padStart(6);

async function main(): Promise<void> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds takes a whole number ≥ 1');
  const dir = mkdtempSync(join(tmpdir(), 'draftline-web-load-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dir,
    EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
    QUEUE_PREFIX: `bench-web-load-${process.pid}`,
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
  };
  let api: ReturnType<typeof spawn> | undefined;
  try {
    say('loading the 2019 demo into a fresh embedded store (npm run demo)');
    const t0 = Date.now();
    await promisify(execFile)(process.execPath, [DEMO], { env, timeout: 300_000 });
    say(`demo loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s; starting the api on it`);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    let exited = false;
    api = spawn(process.execPath, [API], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    api.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    api.on('exit', () => (exited = true));
    await waitForLive(
      url,
      () => exited,
      () => output,
    );

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const version = browser.version();
    const rows: { name: string; samples: Sample[] }[] = [];
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      const page = await context.newPage();
      // The baseline: the sign-in screen, which asks the api for no data but the demo users.
      rows.push({ name: 'sign-in screen (baseline)', samples: [] });
      for (let i = 0; i < ROUNDS; i++)
        rows[0].samples.push(await sample(page, `${url}/`, 'button[data-user]'));
      // Signed in as the demo's drafting lead (the session lives in the tab, so each later page
      // is a fresh load of a signed-in page).
      await page.locator('button[data-user="u-lead"]').click();
      await page.locator('h1', { hasText: /Việc của tôi|My work/ }).waitFor();
      await page.locator('a[href^="#/documents/"]').first().waitFor();
      const document = (await page.locator('a[href^="#/documents/"]').first().getAttribute('href')) ?? '';
      const pages = [
        { name: 'My work', hash: '#/work', ready: 'a[href^="#/documents/"]' },
        { name: 'a document', hash: document, ready: '.timeline li' },
        {
          name: 'report as of 16/08/2019',
          hash: '#/report?agency=so-khcn&year=2019&asOf=2019-08-16',
          ready: 'table.report',
        },
      ];
      for (const p of pages) {
        say(`${p.name}: ${ROUNDS} fresh loads`);
        const samples: Sample[] = [];
        for (let i = 0; i < ROUNDS; i++) samples.push(await sample(page, `${url}/${p.hash}`, p.ready));
        rows.push({ name: p.name, samples });
      }
      await context.close();
    } finally {
      await browser.close();
    }

    console.log(
      `web-load: ${ROUNDS} fresh page loads per page, Chromium ${version} headless, ` +
        `embedded default (PGlite) with the 2019 demo; ${cpus().length} CPUs, ` +
        `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}`,
    );
    console.log('ms from navigation start; median (max) of the rounds; first = the first round');
    console.log(
      `${'page'.padEnd(28)} ${'DOMContentLoaded'.padStart(17)} ${'load'.padStart(15)} ${'usable'.padStart(15)} ${'first usable'.padStart(13)}`,
    );
    for (const { name, samples } of rows) {
      const col = (k: keyof Sample) => {
        const xs = samples.map((s) => s[k]);
        return `${ms(median(xs))} (${ms(Math.max(...xs))})`;
      };
      console.log(
        `${name.padEnd(28)} ${col('domContentLoaded').padStart(17)} ${col('load').padStart(15)} ${col('usable').padStart(15)} ${ms(samples[0].usable).padStart(13)}`,
      );
    }
  } finally {
    api?.kill('SIGTERM');
    if (api && api.exitCode === null) await once(api, 'exit');
    rmSync(dir, { recursive: true, force: true });
    await dropQueueKeys(env.QUEUE_PREFIX);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
