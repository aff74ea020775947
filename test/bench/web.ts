import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startApiProcess } from './api-process.js';
import { fmt, machine, printTable, type Row } from './machine.js';

// P11 (PERFORMANCE.md): the web interface on the embedded default (PGlite under DATA_DIR) with the
// 2019 demo loaded (`npm run demo`), in Debian's Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) driven by playwright-core. Each page is opened as a fresh page load and timed
// until what makes it usable is on screen; the script it loaded is counted after gzip. Needs the
// web build (`npm run build`). Called from run.ts; `node dist/test/bench/web.js` runs it alone.

const DEMO = fileURLToPath(new URL('../../apps/api/src/cli/demo.js', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const ROUNDS = 5;

export async function webBench(): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) {
    step(`P11 skipped: no Chromium at ${CHROMIUM}`);
    return [];
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'draftline-bench-web-'));
  const env = { DATA_DIR: dir, EVENT_STORE_URL: `pglite://${join(dir, 'events')}`, LOG_LEVEL: 'warn' };
  const rows: Row[] = [];
  try {
    step('P11: loading the 2019 demo into a fresh embedded store');
    execFileSync(process.execPath, [DEMO], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const api = await startApiProcess(env.EVENT_STORE_URL, 3904, dir, { LOG_LEVEL: 'warn' });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      const page = await context.newPage();
      const scripts = new Map<string, number>();
      page.on('response', (response) => {
        const type = response.request().resourceType();
        if (type !== 'script' && type !== 'stylesheet') return;
        void response
          .body()
          .then((body) => scripts.set(`${type} ${new URL(response.url()).pathname}`, gzipSync(body).length))
          .catch(() => undefined);
      });
      // Sign in as the demo's drafting lead through the embedded picker (the session is kept in
      // the tab, so each later page is a fresh load of a signed-in page).
      await page.goto(`${api.url}/`);
      await page.locator('button[data-user="u-lead"]').click();
      await page.locator('h1', { hasText: /Việc của tôi|My work/ }).waitFor();
      const first = await page.locator('a[href^="#/documents/"]').first().getAttribute('href');
      const pages: Array<{ name: string; hash: string; ready: string }> = [
        { name: 'My work (list)', hash: '#/work', ready: 'a[href^="#/documents/"]' },
        { name: 'a document', hash: first ?? '#/work', ready: '.timeline li' },
        { name: 'inbox', hash: '#/inbox', ready: 'h1' },
        { name: 'report', hash: '#/report', ready: 'table.report' },
      ];
      for (const p of pages) {
        const times: number[] = [];
        scripts.clear();
        for (let round = 0; round < ROUNDS; round++) {
          await page.goto('about:blank');
          const t0 = performance.now();
          await page.goto(`${api.url}/${p.hash}`);
          await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
          times.push(performance.now() - t0);
        }
        await page.waitForLoadState('networkidle');
        const scriptBytes = [...scripts.entries()]
          .filter(([k]) => k.startsWith('script'))
          .reduce((sum, [, n]) => sum + n, 0);
        const worst = Math.max(...times);
        const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
        rows.push({
          id: 'P11',
          measure: `web: ${p.name}, fresh load to usable`,
          figure: `${fmt(median)} ms median, ${fmt(worst)} ms worst of ${ROUNDS}; ${fmt(scriptBytes / 1024, 1)} KB script gzipped`,
          baseline: '—',
          ratio: '—',
          goal: '< 1 s; ≤ 100 KB script',
          met: worst < 1000 && scriptBytes <= 100 * 1024,
          value: worst,
          unit: 'ms',
        });
      }
      await context.close();
    } finally {
      await browser.close();
      await api.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// Alone: `node dist/test/bench/web.js` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  webBench()
    .then((rows) => {
      console.log(machine());
      printTable(rows);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
