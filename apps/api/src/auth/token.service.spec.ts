import { jest } from '@jest/globals';
import type { AppConfig } from '#config';
import { signToken, TokenService } from './token.service.js';

const jwt = {
  secret: 'a-test-secret-that-is-long-enough-for-hs256-000000',
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
  maxLifetimeSeconds: 86_400,
  clockSkewSeconds: 30,
  fromDirectory: false,
};
const config = { jwt } as unknown as AppConfig;
const user = { sub: 'u-1', agency: 'so-khcn', roles: ['drafter'] };

describe('TokenService (HS256)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('imports the HMAC key once, not once a token (jose re-imports raw key bytes on every call)', async () => {
    const importKey = jest.spyOn(crypto.subtle, 'importKey');
    const tokens = new TokenService(config);
    const token = await signToken(config, user, '1h');
    const before = importKey.mock.calls.length;
    for (let i = 0; i < 5; i++) expect(await tokens.verify(token)).toMatchObject({ userId: 'u-1' });
    // signToken imports its own key; the five verifications import none.
    expect(importKey.mock.calls.length - before).toBe(0);
  });

  it('still refuses a token signed with another key, for another audience, or expired', async () => {
    const tokens = new TokenService(config);
    const other = { jwt: { ...jwt, secret: 'another-secret-that-is-long-enough-for-hs256-0000' } };
    expect(await tokens.verify(await signToken(other, user, '1h'))).toBeUndefined();
    const audience = { jwt: { ...jwt, audience: 'someone-else' } };
    expect(await tokens.verify(await signToken(audience, user, '1h'))).toBeUndefined();
    expect(await tokens.verify(await signToken(config, user, -60))).toBeUndefined();
    expect(await tokens.verify(await signToken(config, user, '1h'))).toMatchObject({ agency: 'so-khcn' });
  });

  it('verifies a token once, then knows it until it expires (a changed byte is verified afresh)', async () => {
    const verify = jest.spyOn(crypto.subtle, 'verify');
    const tokens = new TokenService(config);
    const token = await signToken(config, user, '1h');
    for (let i = 0; i < 5; i++) expect(await tokens.verify(token)).toMatchObject({ userId: 'u-1' });
    expect(verify).toHaveBeenCalledTimes(1);
    const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(await tokens.verify(tampered)).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('refuses a known token once it has expired', async () => {
    // Only Date is faked: WebCrypto's jobs need the real event loop.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      const tokens = new TokenService(config);
      const token = await signToken(config, user, '60s');
      expect(await tokens.verify(token)).toMatchObject({ userId: 'u-1' });
      jest.setSystemTime(Date.now() + (60 + jwt.clockSkewSeconds + 1) * 1000);
      expect(await tokens.verify(token)).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });
});
