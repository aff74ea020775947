/// <reference lib="dom" />
// Server-mode sign-in: OpenID Connect, authorization code + PKCE, in the browser (oauth4webapi).
// The page is a public client (no secret). It sends the user to the provider's authorization
// endpoint with a fresh state, nonce and S256 code challenge, keeps the verifier and where the
// user was in sessionStorage, and on return (`/?code=…&state=…`) exchanges the code at the token
// endpoint. The access token is the bearer the api verifies through the provider's JWKS.
// Signing out ends the provider's session too when it offers RP-initiated logout (its discovery
// names an end_session_endpoint), so the next sign-in on this browser asks for the person again.
import * as oauth from 'oauth4webapi';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

const FLIGHT_KEY = 'draftline.oidc';
/** The ID token of the sign-in, kept in the tab as the hint of the provider's logout. */
const ID_TOKEN_KEY = 'draftline.oidc.id-token';

/** Plain http only to a provider on this machine (a development or test provider). */
const options = (issuer: URL) =>
  ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};

async function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options(issuer)));
}

const redirectUri = () => `${location.origin}/`;

/** Leaves for the provider's sign-in page; `returnTo` is the hash route to come back to. */
export async function beginSignIn(settings: OidcSettings, returnTo: string): Promise<void> {
  const as = await discover(settings);
  if (!as.authorization_endpoint) throw new Error('The provider has no authorization endpoint');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(FLIGHT_KEY, JSON.stringify({ verifier, state, nonce, returnTo }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

/** True when this page load is the provider sending the user back. */
export const isCallback = () => {
  const q = new URLSearchParams(location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
};

/**
 * Completes the sign-in after the provider's redirect: the access token, when it expires, and the
 * hash route the user left from. Throws when the answer is not the one this browser asked for.
 */
export async function finishSignIn(
  settings: OidcSettings,
): Promise<{ token: string; expiresAt: string; returnTo: string }> {
  const flight = JSON.parse(sessionStorage.getItem(FLIGHT_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    nonce: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(FLIGHT_KEY);
  if (!flight) throw new Error('No sign-in was started in this browser tab');
  const back = new URLSearchParams(location.search);
  const refused = back.get('error');
  if (refused) throw new Error([refused, back.get('error_description')].filter(Boolean).join(': '));
  const as = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), flight.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    flight.verifier,
    options(new URL(settings.issuer)),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: flight.nonce,
    requireIdToken: true,
  });
  if (result.id_token) sessionStorage.setItem(ID_TOKEN_KEY, result.id_token);
  const seconds = result.expires_in ?? 300;
  return {
    token: result.access_token,
    expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
    returnTo: flight.returnTo,
  };
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): when the provider has an
 * end_session_endpoint, leaves for it with this client's id, the sign-in's ID token as hint and
 * this page as the place to come back to (the client must have it registered as a post-logout
 * redirect URI), and resolves true. Resolves false, staying here, when the provider offers no such
 * endpoint: the sign-out is then the page's alone (its session is already gone).
 */
export async function endProviderSession(settings: OidcSettings): Promise<boolean> {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  const as = await discover(settings);
  if (!as.end_session_endpoint) return false;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.href);
  return true;
}
