/* global process, console */
// A real OpenID provider for the browser tests (the `oidc-provider` package, its own login and
// consent pages): started as a process by test/browser/oidc.e2e-spec.ts. The web interface is a
// public client (authorization code + PKCE, no secret); the access tokens it gets are JWTs for
// the resource `draftline-api`, which the api verifies through this provider's JWKS. Any login
// name is accepted (the dev interactions): the account is that name, as the directory knows it.
//
// Env: PORT, REDIRECT_URI, CLIENT_ID, ACCESS_TOKEN_TTL (seconds).
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const ttl = Number(process.env.ACCESS_TOKEN_TTL ?? 600);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: [process.env.REDIRECT_URI],
      // Where RP-initiated logout (its end_session_endpoint) may send the user back: the page.
      post_logout_redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:draftline:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: 'draftline-api',
        accessTokenTTL: ttl,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  ttl: { AccessToken: ttl },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`oidc provider ready at ${issuer}`));
