import type { AppConfig } from '#config';
import { CONTENT_SECURITY_POLICY, WebController } from './web.module.js';

const config = (embedded: boolean) =>
  ({
    embedded,
    jwt: { secret: 'x'.repeat(32), issuer: 'draftline', audience: 'draftline-api' },
  }) as unknown as AppConfig;

describe('the web module', () => {
  it('refuses the demo sign-in outside embedded mode, as if the routes did not exist', async () => {
    const web = new WebController(config(false), null);
    await expect(web.demoSession({ userId: 'u-drafter' })).rejects.toMatchObject({ status: 404 });
    await expect(web.demoUsers()).rejects.toMatchObject({ status: 404 });
  });

  it('signs a token for a user of the sample directory in embedded mode, and none for an unknown one', async () => {
    const web = new WebController(config(true), null);
    const session = await web.demoSession({ userId: 'u-drafter' });
    expect(session.user).toMatchObject({ id: 'u-drafter', agency: 'so-khcn', roles: ['drafter'] });
    expect(session.token.split('.')).toHaveLength(3);
    await expect(web.demoSession({ userId: 'u-nobody' })).rejects.toMatchObject({ status: 404 });
  });

  it('allows nothing inline and nothing from another origin', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https:|\*/);
  });
});
