// Server-mode sign-in in a real browser: OpenID Connect (authorization code + PKCE) against a real
// provider (the `oidc-provider` package, test/browser/support/oidc-provider.mjs) started as a
// process, with its own login and consent pages. The api, built and started as a process,
// verifies the provider's JWT access tokens through its JWKS and takes roles and agency from the
// user directory (the sample one). Needs `npm run -s build` first and /usr/bin/chromium.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const PROVIDER = new URL('./support/oidc-provider.mjs', import.meta.url).pathname;
const DIRECTORY = new URL('../../apps/api/user-directory.sample.json', import.meta.url).pathname;

describe('OpenID Connect sign-in in Chromium (server mode, a real provider)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-oidc-'));
  const prefix = `test-oidc-${process.pid}`;
  const procs = new Processes();
  let provider: NodeProcess;
  let api: NodeProcess;
  let baseUrl: string;
  let issuer: string;
  let browser: Browser;

  beforeAll(async () => {
    const [apiPort, idpPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${apiPort}`;
    issuer = `http://127.0.0.1:${idpPort}`;
    provider = procs.start('oidc-provider', PROVIDER, {
      PORT: String(idpPort),
      REDIRECT_URI: `${baseUrl}/`,
      CLIENT_ID: 'draftline-web',
    });
    for (let i = 0; ; i++) {
      if (provider.output().includes('oidc provider ready')) break;
      if (!provider.running || i > 200) throw new Error(`provider did not start:\n${provider.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    api = procs.start('api', API_MAIN, {
      DATA_DIR: dir,
      EVENT_STORE_URL: `pglite://${join(dir, 'events')}`,
      PORT: String(apiPort),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      JWT_JWKS_URL: `${issuer}/jwks`,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: 'draftline-api',
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'draftline-web',
      OIDC_SCOPE: 'openid api',
      USER_DIRECTORY_FILE: DIRECTORY,
    });
    await waitForApi(api, baseUrl, 60_000);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await procs.killAll();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysWithPrefix(prefix);
  });

  /** At the provider's own pages: its login form, then (the first time) its consent page. */
  async function atProvider(page: Page, login: string): Promise<void> {
    await page
      .waitForURL((u) => u.href.startsWith(issuer), { timeout: 10_000 })
      .catch(async (e) => {
        // Sent straight back (an error answer): say what the page says.
        throw new Error(`not at the provider: ${page.url()} ${await page.locator('main').textContent()}`, {
          cause: e,
        });
      });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.href.startsWith(baseUrl) || u.pathname.includes('/interaction/'));
    if (page.url().startsWith(issuer)) await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.href.startsWith(baseUrl));
  }

  const tokenOf = (page: Page) =>
    page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('draftline.session') ?? '{}') as { token?: string }).token,
    );

  it('the page offers the provider (no demo users), signs in there, comes back to My work, signs out', async () => {
    const config = (await (await fetch(`${baseUrl}/web/config`)).json()) as { signIn: string };
    expect(config.signIn).toBe('oidc');
    expect((await fetch(`${baseUrl}/web/demo-users`)).status).toBe(404);
    const csp = (await fetch(`${baseUrl}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${issuer}`);

    const context = await browser.newContext({ locale: 'vi-VN' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    expect(await page.locator('button.user').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'sign-in-oidc.vi.desktop.png') });
    await page.locator('button.oidc-sign-in').click();
    await atProvider(page, 'u-drafter');
    await page.locator('h1', { hasText: 'Việc của tôi' }).waitFor();
    // The directory's name for the provider's account, and no code left in the address.
    expect(await page.locator('header .who').textContent()).toBe('Trần Thị Soạn Thảo');
    expect(new URL(page.url()).search).toBe('');
    // The bearer is the provider's access token, which the api takes through the JWKS.
    const token = await tokenOf(page);
    const payload = JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ iss: issuer, aud: 'draftline-api', sub: 'u-drafter' });
    await page.locator('header button', { hasText: 'Đăng xuất' }).click();
    // RP-initiated logout: the provider's own sign-out page (its end_session_endpoint), then back
    // to the page, signed out.
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/session/end`));
    const logout = new URL(page.url());
    expect(logout.searchParams.get('client_id')).toBe('draftline-web');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${baseUrl}/`);
    expect(logout.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.locator('button[name="logout"]').click();
    await page.waitForURL((u) => u.href.startsWith(baseUrl));
    await page.locator('button.oidc-sign-in').waitFor();
    expect(await tokenOf(page)).toBeUndefined();
    // The provider's session ended too: signing in again asks who it is, not straight back in.
    await page.locator('button.oidc-sign-in').click();
    await page.waitForURL((u) => u.href.startsWith(issuer));
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  });

  it('an expired session sends the user back to sign in, and what they typed is still there after', async () => {
    // The committee office (signed in at the provider too) assigns a draft to the department.
    const office = await browser.newContext({ locale: 'vi-VN' });
    office.setDefaultTimeout(60_000);
    const officePage = await office.newPage();
    await officePage.goto(`${baseUrl}/`);
    await officePage.locator('button.oidc-sign-in').click();
    await atProvider(officePage, 'u-office');
    await officePage.locator('h1', { hasText: 'Việc của tôi' }).waitFor();
    const res = await fetch(`${baseUrl}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(officePage)}`,
        'content-type': 'application/json',
        'idempotency-key': `oidc-${randomUUID()}`,
      },
      body: JSON.stringify({
        kind: 'committee_decision',
        title: 'Quy định về chuyển đổi số',
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year: new Date(Date.now() + 7 * 3_600_000).getUTCFullYear(),
      }),
    });
    expect(res.status).toBe(201);
    const { documentId } = (await res.json()) as { documentId: string };
    await office.close();

    const context = await browser.newContext({ locale: 'vi-VN' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/documents/${documentId}`);
    await page.locator('button.oidc-sign-in').click();
    await atProvider(page, 'u-drafter');
    await page.locator('button[data-command="start-drafting"]').click();
    const reason = page.locator('form[data-form="start-drafting"] textarea[name="reason"]');
    await reason.fill('Bắt đầu theo kế hoạch, đã phân công chuyên viên');
    // The session runs out while the form is open: the api no longer takes the token.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('draftline.session')!) as { token: string };
      sessionStorage.setItem('draftline.session', JSON.stringify({ ...s, token: `${s.token}x` }));
    });
    await page.locator('form[data-form="start-drafting"] button[type="submit"]').click();
    await page.locator('.notice', { hasText: 'Phiên làm việc đã hết hạn' }).waitFor();
    await page.locator('button.oidc-sign-in').click();
    // The provider remembers the person (its session) or asks again; either way back to the form.
    await page.waitForURL((u) => u.href.startsWith(baseUrl) || u.href.startsWith(issuer));
    if (page.url().startsWith(issuer)) await atProvider(page, 'u-drafter');
    await page.locator('form[data-form="start-drafting"]').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/documents/${documentId}`);
    expect(await reason.inputValue()).toBe('Bắt đầu theo kế hoạch, đã phân công chuyên viên');
    await page.locator('form[data-form="start-drafting"] button[type="submit"]').click();
    await page.locator('.notice.ok').waitFor();
    expect(await page.locator('.path li.current').textContent()).toContain('Đang soạn thảo');
    await context.close();
  });
});
