// Issue 11's inspector journey on the 2019 demo, in a real browser: `npm run demo` loads the
// scenario into a fresh embedded data directory (through the public command API, each command
// dated by its business date), the built api is started on it as `npm start` runs it, and an
// inspector opens the report of the Department of Science and Technology as of 16/08/2019, reads
// lifecycle.md's figures (3 / 2 / 1 / 2 / 1 / 1, the buckets adding up) and downloads the CSV
// (10 reviews, 5 documents to implement). Needs `npm run -s build` first (Jest's global setup
// does it) and /usr/bin/chromium (.ci/run installs it).
import AxeBuilder from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, SHOTS } from './support/chromium.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import {
  API_MAIN,
  freePort,
  Processes,
  waitForApi,
  type NodeProcess,
} from '../reliability/support/processes.js';

const DEMO = 'dist/apps/api/src/cli/demo.js';
const run = promisify(execFile);

/** The report table as the page shows it: row label → [programme, additional, total]. */
const reportTable = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('table.report tbody tr')].map((tr) => [
        tr.querySelector('th')?.textContent?.trim() ?? '',
        [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
      ]),
    ),
  );

/** A figure of the CSV (`figure,label,value` lines) by its name. */
const figure = (csv: string, name: string) =>
  csv
    .split(/\r?\n/)
    .find((line) => line.startsWith(`${name},`))
    ?.split(',')
    .at(-1);

describe('the 2019 demo in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-web-2019-'));
  const prefix = `test-web-2019-${process.pid}`;
  const procs = new Processes();
  const env = {
    DATA_DIR: dir,
    EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
  };
  let api: NodeProcess;
  let baseUrl: string;
  let browser: Browser;
  let demoOutput: string;

  beforeAll(async () => {
    // As the README says: stop the api, load the demo, start again.
    const demo = await run(process.execPath, [DEMO], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 180_000,
    });
    demoOutput = demo.stdout;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = procs.start('api', API_MAIN, { ...env, PORT: String(port) });
    await waitForApi(api, baseUrl, 60_000);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await procs.killAll();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(prefix);
  });

  it('the demo loaded 2019 through the command API, dated as it happened', () => {
    expect(demoOutput).toMatch(/Recorded \d+ new events/);
    expect(demoOutput).toMatch(/\] 2019-08-05 A1 +submit +lead +200 submitted/);
  });

  it('an inspector opens the report as of 16/08/2019, reads the inspection’s figures and downloads the CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator('button[data-user="u-inspector"]').click();
    await page.locator('h1', { hasText: /Việc của tôi|My work/ }).waitFor();
    await page.locator('nav a[href="#/report"]').click();
    await page.locator('form.filters input[name="agency"]').waitFor();
    await page.locator('form.filters input[name="agency"]').fill('so-khcn');
    await page.locator('form.filters input[name="year"]').fill('2019');
    await page.locator('form.filters input[name="asOf"]').fill('16/08/2019');
    await page.locator('form.filters button[type="submit"]').click();
    await page.locator('table.report caption', { hasText: '16/08/2019' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/report?agency=so-khcn&year=2019&asOf=2019-08-16');
    expect(await page.locator('a.share').getAttribute('href')).toBe(
      '#/report?agency=so-khcn&year=2019&asOf=2019-08-16',
    );

    // lifecycle.md, "Report": 3 in the programme (2 issued, 1 revised before appraisal) and 2
    // additionally assigned (1 submitted awaiting decision, 1 being drafted).
    const table = await reportTable(page);
    expect({
      assigned: table['Được giao'],
      issued: table['Đã ban hành'],
      revising: table['Đang lấy ý kiến, chỉnh lý (chưa thẩm định)'],
      submitted: table['Đã trình, chờ quyết định'],
      drafting: table['Đang soạn thảo'],
      everSubmitted: table['Đã từng trình (lũy kế)'],
    }).toEqual({
      assigned: [3, 2, 5],
      issued: [2, 0, 2],
      revising: [1, 0, 1],
      submitted: [0, 1, 1],
      drafting: [0, 1, 1],
      everSubmitted: [2, 1, 3],
    });
    // Each document in exactly one bucket: the buckets add up to the drafts assigned.
    const buckets = Object.entries(table).filter(
      ([label]) => label !== 'Được giao' && label !== 'Đã từng trình (lũy kế)',
    );
    expect(buckets).toHaveLength(8);
    for (const column of [0, 1, 2])
      expect(buckets.reduce((n, [, cells]) => n + cells[column], 0)).toBe(table['Được giao'][column]);

    // The registers' figures of 2019 (lifecycle.md, "Report"): 10 documents reviewed, 5 to implement.
    expect(await page.locator('table.registers tr.reviews td').textContent()).toBe('10');
    expect(await page.locator('table.registers tr.implementations td').textContent()).toBe('5');
    // Every 2019 draft is under the regime of that year (Law 80/2015): 5 assigned.
    expect(
      await page
        .locator('table.by-regime tbody tr', { hasText: 'Luật 80/2015 (2016–2020)' })
        .locator('td')
        .first()
        .textContent(),
    ).toBe('5');

    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'report-2019.vi.desktop.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button.download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('programme-report-so-khcn-2019-2019-08-16.csv');
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    const figures = Object.fromEntries(
      [
        'asOf',
        'programme.assigned',
        'programme.issued',
        'programme.revisingBeforeAppraisal',
        'additional.assigned',
        'additional.submittedAwaitingDecision',
        'additional.beingDrafted',
        'reviews.total',
        'implementations.total',
      ].map((name) => [name, figure(csv, name)]),
    );
    expect(figures).toEqual({
      asOf: '2019-08-16',
      'programme.assigned': '3',
      'programme.issued': '2',
      'programme.revisingBeforeAppraisal': '1',
      'additional.assigned': '2',
      'additional.submittedAwaitingDecision': '1',
      'additional.beingDrafted': '1',
      'reviews.total': '10',
      'implementations.total': '5',
    });
    // Embedded mode: signing out goes back to the demo users, never to an identity provider.
    await page.locator('header button', { hasText: 'Đăng xuất' }).click();
    await page.locator('button[data-user="u-inspector"]').waitFor();
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).origin).toBe(baseUrl);
    expect(await page.evaluate(() => sessionStorage.getItem('draftline.session'))).toBeNull();
    await context.close();
  });
});
