// The web interface in a real browser: Debian's Chromium driven by playwright-core over the built
// api, started as a process on a fresh embedded data directory (as `npm start` runs it). Needs
// `npm run -s build` first (Jest's global setup does it) and /usr/bin/chromium (.ci/run installs it).
// Screenshots of each page, at desktop and 360 px width, in both languages, go to
// test/browser/screenshots/ (see README.md, "The web interface").
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, SHOTS } from './support/chromium.js';
import { deleteKeysWithPrefix } from '../support/cleanup.js';
import {
  API_MAIN,
  freePort,
  Processes,
  waitForApi,
  type NodeProcess,
} from '../reliability/support/processes.js';

const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };

describe('the web interface in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-web-'));
  const prefix = `test-web-${process.pid}`;
  const procs = new Processes();
  let api: NodeProcess;
  let baseUrl: string;
  let browser: Browser;
  let documentId: string;
  /** Every request a page made to another origin (there must be none). */
  const outside: string[] = [];

  /** A token for a demo user, from the same local-only route the sign-in screen uses. */
  const tokenFor = async (userId: string): Promise<string> => {
    const res = await fetch(`${baseUrl}/web/demo-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };

  const call = async (userId: string, method: string, path: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(userId)}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = procs.start('api', API_MAIN, {
      DATA_DIR: dir,
      EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
    });
    await waitForApi(api, baseUrl, 60_000);
    browser = await launchChromium();
    // The committee office assigns a draft to the Department of Science and Technology.
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const assigned = await call(
      'u-office',
      'POST',
      '/documents',
      {
        kind: 'committee_decision',
        title: 'Quy định quản lý hoạt động khoa học và công nghệ',
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year,
      },
      { 'idempotency-key': `web-${randomUUID()}` },
    );
    expect([assigned.status, assigned.body]).toEqual([201, expect.anything()]);
    documentId = String(assigned.body.documentId);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await procs.killAll();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(prefix);
  });

  /** A fresh browser profile (no session, no language remembered) at the given width. */
  async function open(
    size: keyof typeof WIDTHS = 'desktop',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: WIDTHS[size], locale: 'vi-VN' });
    // Generous on a busy CI machine, where the whole suite runs beside the browser.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        outside.push(r.url());
    });
    return { context, page };
  }

  async function signInAs(page: Page, userId: string): Promise<void> {
    await page.goto(`${baseUrl}/`);
    await page.locator(`button[data-user="${userId}"]`).click();
    await page.locator('h1', { hasText: /Việc của tôi|My work/ }).waitFor();
  }

  async function noSeriousViolations(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    // No layout break: nothing wider than the window (at 360 px as at desktop width).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  it('the sign-in screen lists the demo users, marked local-only, and the page has a strict CSP', async () => {
    const res = await fetch(`${baseUrl}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const { context, page } = await open();
    await page.goto(`${baseUrl}/`);
    await page.locator('.local-only').waitFor();
    expect(await page.locator('button.user').count()).toBeGreaterThanOrEqual(7);
    await noSeriousViolations(page);
    await shot(page, 'sign-in.vi.desktop');
    await context.close();
  });

  it('a drafting officer opens My work, opens the draft, starts drafting through its button and sees the timeline grow', async () => {
    const { context, page } = await open();
    await signInAs(page, 'u-drafter');
    const link = page.locator(`a[href="#/documents/${documentId}"]`);
    await link.waitFor();
    await noSeriousViolations(page);
    await shot(page, 'my-work.vi.desktop');
    await link.click();
    await page.locator('#h-timeline').waitFor();
    expect(await page.locator('.timeline li').count()).toBe(1);
    expect(await page.locator('.path li.current').textContent()).toContain('Trong chương trình');
    await page.locator('button[data-command="start-drafting"]').click();
    await page
      .locator('form[data-form="start-drafting"] textarea[name="reason"]')
      .fill('Bắt đầu theo kế hoạch');
    await page.locator('form[data-form="start-drafting"] button[type="submit"]').click();
    await page.locator('.notice.ok').waitFor();
    expect(await page.locator('.timeline li').count()).toBe(2);
    expect(await page.locator('.timeline li').first().textContent()).toContain('Bắt đầu theo kế hoạch');
    expect(await page.locator('.path li.current').textContent()).toContain('Đang soạn thảo');
    await noSeriousViolations(page);
    await shot(page, 'document.vi.desktop');
    await context.close();
  });

  it('a user of another agency gets the not-found page on the draft link, and it is not in their list', async () => {
    const { context, page } = await open();
    await signInAs(page, 'u-other');
    expect(await page.locator(`a[href="#/documents/${documentId}"]`).count()).toBe(0);
    await page.goto(`${baseUrl}/#/documents/${documentId}`);
    await page.locator('.not-found').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy');
    await context.close();
  });

  it('a command on a document changed meanwhile shows who changed it and when, with a reload', async () => {
    const { context, page } = await open();
    await signInAs(page, 'u-drafter');
    await page.goto(`${baseUrl}/#/documents/${documentId}`);
    await page.locator('button[data-command="record-revision"]').waitFor();
    // The lead records a revision while the page still shows the older revision.
    const doc = await call('u-lead', 'GET', `/documents/${documentId}`);
    const changed = await call(
      'u-lead',
      'POST',
      `/documents/${documentId}/record-revision`,
      { summary: 'Lãnh đạo chỉnh lý' },
      { 'if-match': `"${String(doc.body.revision)}"` },
    );
    expect(changed.status).toBe(200);
    await page.locator('button[data-command="record-revision"]').click();
    await page
      .locator('form[data-form="record-revision"] textarea[name="summary"]')
      .fill('Chuyên viên chỉnh lý');
    await page.locator('form[data-form="record-revision"] button[type="submit"]').click();
    const notice = page.locator('.notice.stale');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toMatch(
      /Tài liệu đã được Nguyễn Văn Lãnh Đạo thay đổi lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} — tải lại/,
    );
    await page.locator('button.reload').click();
    await page.locator('.timeline li', { hasText: 'Ghi nhận chỉnh lý' }).waitFor();
    await context.close();
  });

  it('English by a remembered switch, and every page at 360 px in both languages', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const { context, page } = await open(size);
      await signInAs(page, 'u-drafter');
      if (size === 'phone') await shot(page, 'my-work.vi.phone');
      await page.goto(`${baseUrl}/#/documents/${documentId}`);
      await page.locator('#h-timeline').waitFor();
      if (size === 'phone') await shot(page, 'document.vi.phone');
      await page.locator('header button', { hasText: 'English' }).click();
      await page.locator('h2#h-timeline', { hasText: 'History' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await shot(page, `document.en.${size}`);
      await page.reload();
      await page.locator('h2#h-timeline', { hasText: 'History' }).waitFor();
      await page.goto(`${baseUrl}/#/work`);
      await page.locator('h1', { hasText: 'My work' }).waitFor();
      await shot(page, `my-work.en.${size}`);
      const body = (await page.locator('main').textContent()) ?? '';
      expect(body).not.toMatch(/Việc của tôi|Tài liệu bạn được xem|Giai đoạn/);
      await noSeriousViolations(page);
      await page.goto(`${baseUrl}/#/inbox`);
      await page.locator('h1', { hasText: 'Inbox' }).waitFor();
      await shot(page, `inbox.en.${size}`);
      await page.locator('header button', { hasText: 'Tiếng Việt' }).click();
      await page.locator('h1', { hasText: 'Hộp thư' }).waitFor();
      await shot(page, `inbox.vi.${size}`);
      await context.close();
    }
  });

  it('a page left while it loads never paints over the page opened next (a slow My work list, then the report)', async () => {
    const { context, page } = await open();
    // The list of My work answers slowly: the lead signs in (which opens My work), then opens the
    // report before the list has answered.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const listAnswered = new Promise<void>((resolve) => (answered = resolve));
    await page.route(/\/documents\?/, async (route) => {
      await held;
      await route.continue();
      answered();
    });
    await signInAs(page, 'u-lead');
    await page.locator('nav a[href="#/report"]').click();
    await page.locator('table.report').waitFor();
    release();
    await listAnswered;
    // Give the late list every chance to paint: the report must still be what the lead sees.
    await page.waitForTimeout(1_000);
    expect(await page.locator('h1').textContent()).toBe('Báo cáo');
    expect(await page.locator('table.report').count()).toBe(1);
    await context.close();
  });

  it('a department lead opens the report of their agency, with its table and chart, and downloads the CSV', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { context, page } = await open(size);
      await signInAs(page, 'u-lead');
      await page.locator('nav a[href="#/report"]').click();
      await page.locator('table.report').waitFor();
      const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
      const answer = (await call('u-lead', 'GET', `/reports/programme?agency=so-khcn&year=${year}`)).body as {
        asOfDate: string;
        programme: Record<string, number>;
        additional: Record<string, number>;
      };
      const caption = (await page.locator('table.report caption').textContent()) ?? '';
      expect(caption).toContain('so-khcn');
      // The as-of date of the answer, written dd/mm/yyyy.
      expect(caption).toContain(answer.asOfDate.split('-').reverse().join('/'));
      // Assigned, the eight status buckets (they add up to assigned), then ever submitted; one
      // column per origin and their total.
      expect(await page.locator('table.report tbody tr').count()).toBe(10);
      expect(await page.locator('table.report thead th').count()).toBe(4);
      const row = (label: string) => page.locator('table.report tbody tr', { hasText: label }).locator('td');
      const cells = (key: string) =>
        [answer.programme[key], answer.additional[key], answer.programme[key] + answer.additional[key]].map(
          String,
        );
      expect(await row('Được giao').allTextContents()).toEqual(['0', '1', '1']);
      // The one draft is in exactly one bucket (being drafted, or revising once a revision is recorded).
      expect(answer.additional.beingDrafted + answer.additional.revisingBeforeAppraisal).toBe(1);
      expect(await row('Đang soạn thảo').allTextContents()).toEqual(cells('beingDrafted'));
      expect(await row('Đang lấy ý kiến, chỉnh lý').allTextContents()).toEqual(
        cells('revisingBeforeAppraisal'),
      );
      expect(await row('Đã từng trình').allTextContents()).toEqual(['0', '0', '0']);
      expect(await row('Đã trình, chờ quyết định').count()).toBe(3);
      expect(await row('Đang thẩm định').count()).toBe(3);
      expect(await page.locator('table.punctuality tbody tr').count()).toBe(4);
      // The figures by kind of document.
      // The figures by kind (a committee's decision, a council's resolution, a decision of the
      // Chair) and by legal regime (the draft, assigned this year, is under Law 64/2025).
      expect(await page.locator('table.by-kind tbody tr').count()).toBe(3);
      expect(await page.locator('table.by-regime tbody tr').count()).toBe(3);
      expect(
        await page
          .locator('table.by-regime tbody tr', { hasText: 'Luật 64/2025' })
          .locator('td')
          .first()
          .textContent(),
      ).toBe('1');
      // The registers' figures: none reviewed, none to implement.
      expect(await page.locator('table.registers tr.reviews td').textContent()).toBe('0');
      expect(
        await page
          .locator('table.by-kind tbody tr', { hasText: 'Quyết định của UBND' })
          .locator('td')
          .first()
          .textContent(),
      ).toBe('1');
      // The chart: one bar per status bucket, then on time and late.
      expect(await page.locator('figure.chart rect').count()).toBe(10);
      await noSeriousViolations(page);
      await shot(page, `report.vi.${size}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('button.download').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^programme-report-so-khcn-\d{4}\.csv$/);
      const csv = await new Promise<string>((resolve, reject) => {
        void download.createReadStream().then((stream) => {
          let text = '';
          stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }, reject);
      });
      expect(csv.split('\n').length).toBeGreaterThan(2);
      await page.locator('header button', { hasText: 'English' }).click();
      await page.locator('table.report caption', { hasText: 'Report' }).waitFor();
      expect(await page.locator('table.report tbody tr', { hasText: 'Ever submitted' }).count()).toBe(1);
      expect(await page.locator('table.by-kind tbody tr', { hasText: 'Committee decision' }).count()).toBe(1);
      expect((await page.locator('main').textContent()) ?? '').not.toMatch(
        /Đã từng trình|Tình trạng|Quyết định của UBND/,
      );
      await shot(page, `report.en.${size}`);
      await context.close();
    }
  });

  it('a draft walked through the buttons with dates typed: drafting, appraisal sent, dossier accepted, appraisal recorded, submitted, adopted, issued with the proposed number', async () => {
    const vn = (days = 0) =>
      new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const typed = (iso: string) => iso.split('-').reverse().join('/');
    const assigned = await call(
      'u-office',
      'POST',
      '/documents',
      {
        kind: 'committee_decision',
        title: 'Quy định về hỗ trợ doanh nghiệp khởi nghiệp sáng tạo',
        agency: 'so-khcn',
        procedure: 'simplified',
        origin: 'additional',
        year: Number(vn().slice(0, 4)),
      },
      { 'idempotency-key': `web-issue-${randomUUID()}` },
    );
    expect(assigned.status).toBe(201);
    const id = String(assigned.body.documentId);
    const run = async (page: Page, command: string, fill: Record<string, string>) => {
      await page.locator(`button[data-command="${command}"]`).click();
      const form = page.locator(`form[data-form="${command}"]`);
      for (const [name, value] of Object.entries(fill)) {
        const field = form.locator(`[name="${name}"]`);
        if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
        else await field.fill(value);
      }
      await form.locator('button[type="submit"]').click();
      // Recorded: the page is drawn again at the new revision, the form closed, the notice shown.
      await form.waitFor({ state: 'detached' });
      await page.locator('.notice.ok').waitFor();
    };
    const signedIn = async (userId: string) => {
      const session = await open();
      await signInAs(session.page, userId);
      await session.page.goto(`${baseUrl}/#/documents/${id}`);
      await session.page.locator('.path').waitFor();
      return session;
    };
    // Each step through its button, dated as typed in its form (dd/mm/yyyy): the drafting officer
    // starts drafting, the lead sends it for appraisal.
    const drafter = await signedIn('u-drafter');
    await run(drafter.page, 'start-drafting', { occurredOn: typed(vn()) });
    await drafter.context.close();
    const lead = await signedIn('u-lead');
    await run(lead.page, 'send-for-appraisal', { occurredOn: typed(vn()) });
    // The Department of Justice's appraiser accepts the dossier as complete, then records a fit
    // appraisal through its form.
    const appraiser = await signedIn('u-appraiser');
    await run(appraiser.page, 'accept-dossier', { occurredOn: typed(vn()) });
    expect(await appraiser.page.locator('.timeline li').first().textContent()).toContain(
      'Tiếp nhận hồ sơ thẩm định',
    );
    await run(appraiser.page, 'record-appraisal', {
      outcome: 'fit',
      reportNumber: '15/BC-STP',
      reportDate: typed(vn()),
    });
    expect(await appraiser.page.locator('.timeline li').first().textContent()).toContain(
      'Ghi nhận báo cáo thẩm định',
    );
    await appraiser.context.close();
    // The lead submits it to the committee (the page reloaded: it was changed meanwhile).
    await lead.page.reload();
    await run(lead.page, 'submit', { occurredOn: typed(vn()) });
    expect(await lead.page.locator('.path li.current').textContent()).toContain('Đã trình');
    await lead.context.close();
    // Every step is there with the business date typed in its form.
    const history = (await call('u-lead', 'GET', `/documents/${id}/history`)).body.events as {
      type: string;
      occurredAt: string;
    }[];
    const steps = history.filter((e) =>
      ['DraftingStarted', 'SentForAppraisal', 'DossierAccepted', 'AppraisalRecorded', 'Submitted'].includes(
        e.type,
      ),
    );
    expect(steps.map((e) => e.type)).toEqual([
      'DraftingStarted',
      'SentForAppraisal',
      'DossierAccepted',
      'AppraisalRecorded',
      'Submitted',
    ]);
    // The committee office adopts it, then issues it under the number the page proposes.
    const office = await open();
    await signInAs(office.page, 'u-office');
    await office.page.goto(`${baseUrl}/#/documents/${id}`);
    await run(office.page, 'adopt', { adoptedOn: typed(vn()) });
    const proposed = (await call('u-office', 'GET', `/documents/${id}/next-number`)).body
      .documentNumber as string;
    await office.page.locator('button[data-command="issue"]').click();
    const number = office.page.locator('form[data-form="issue"] [name="documentNumber"]');
    await office.page.waitForFunction(
      () =>
        (document.querySelector('form[data-form="issue"] [name="documentNumber"]') as HTMLInputElement | null)
          ?.value,
    );
    expect(await number.inputValue()).toBe(proposed);
    await office.page.locator('form[data-form="issue"] [name="signingDate"]').fill(typed(vn()));
    await office.page.locator('form[data-form="issue"] [name="effectiveDate"]').fill(typed(vn(15)));
    await office.page.locator('form[data-form="issue"] button[type="submit"]').click();
    await office.page.locator('form[data-form="issue"]').waitFor({ state: 'detached' });
    await office.page.locator('.notice.ok').waitFor();
    expect(await office.page.locator('.path li.current').textContent()).toContain('Đã ban hành');
    const issued = await call('u-office', 'GET', `/documents/${id}`);
    expect(issued.body).toMatchObject({ stage: 'issued', documentNumber: proposed });
    await noSeriousViolations(office.page);
    await shot(office.page, 'document-issued.vi.desktop');
    await office.context.close();
  });

  it('an inspector opens a report as of a date, shares its link and downloads its CSV', async () => {
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const { context, page } = await open();
    await signInAs(page, 'u-inspector');
    await page.locator('nav a[href="#/report"]').click();
    await page.locator('form.filters input[name="agency"]').waitFor();
    await page.locator('form.filters input[name="agency"]').fill('so-khcn');
    await page.locator('form.filters input[name="year"]').fill(String(year));
    await page.locator('form.filters input[name="asOf"]').fill(`01/01/${year}`);
    await page.locator('form.filters button[type="submit"]').click();
    await page.locator('table.report caption', { hasText: `01/01/${year}` }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/report?agency=so-khcn&year=${year}&asOf=${year}-01-01`);
    // The figures are the API's as of that date (the draft assigned later is not in them).
    const answer = (
      await call('u-inspector', 'GET', `/reports/programme?agency=so-khcn&year=${year}&asOf=${year}-01-01`)
    ).body as { programme: Record<string, number>; additional: Record<string, number> };
    const assigned = answer.programme.assigned + answer.additional.assigned;
    expect(
      await page
        .locator('table.report tbody tr', { hasText: 'Được giao' })
        .locator('td')
        .last()
        .textContent(),
    ).toBe(String(assigned));
    expect(await page.locator('a.share').getAttribute('href')).toBe(new URL(page.url()).hash);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button.download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`programme-report-so-khcn-${year}-${year}-01-01.csv`);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv).toMatch(new RegExp(`${year}-01-01|01/01/${year}`));
    await shot(page, 'report-as-of.vi.desktop');
    await context.close();
    // The shared link opens the same report for another inspector session.
    const again = await open('phone');
    await signInAs(again.page, 'u-inspector');
    await again.page.goto(`${baseUrl}/#/report?agency=so-khcn&year=${year}&asOf=${year}-01-01`);
    // A link opened as such: a fresh load of the page at that address, not a hash change alone.
    await again.page.reload();
    await again.page.locator('table.report caption', { hasText: `01/01/${year}` }).waitFor();
    await noSeriousViolations(again.page);
    await again.context.close();
  });

  it('no page asked another origin for anything (fonts, scripts and styles are bundled)', () => {
    expect(outside).toEqual([]);
  });
});
