import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { InMemoryEventStore } from '#event-store';
import { startApi, type Api } from '../support/http.js';

// Server mode can trust an identity provider instead of a shared secret: RS256 tokens checked
// against its JWKS, fetched over real HTTP from a key server this test runs on loopback.
describe('tokens from an identity provider (RS256 via JWKS)', () => {
  let server: Server;
  let api: Api;
  let privateKey: CryptoKey;
  const claims = { agency: 'so-khcn', roles: ['drafter'] };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = await startApi(new InMemoryEventStore(), {
      JWT_SECRET: undefined,
      JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      EVENT_STORE_URL: 'postgres://unused@127.0.0.1:1/none',
    });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const sign = (key: CryptoKey | Uint8Array, alg: string, kid = 'idp-1') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setIssuer('draftline')
      .setAudience('draftline-api')
      .setSubject('u-idp')
      .setIssuedAt() // required: the lifetime (exp - iat) is capped
      .setExpirationTime('10m')
      .sign(key);
  const get = (token: string) =>
    api.request('GET', '/documents/00000000-0000-4000-8000-000000000000', { token });

  it('accepts a token signed by the provider’s key', async () => {
    expect((await get(await sign(privateKey, 'RS256'))).status).toBe(404); // authenticated: the document is just missing
  });

  it('refuses an HS256 token, whatever secret signed it, and a key the provider does not publish', async () => {
    expect(
      (await get(await sign(new TextEncoder().encode('guessed-secret-guessed-secret-guessed!!'), 'HS256')))
        .status,
    ).toBe(401);
    const stranger = await generateKeyPair('RS256');
    expect((await get(await sign(stranger.privateKey, 'RS256'))).status).toBe(401);
  });
});
