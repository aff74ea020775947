import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { APP_CONFIG, type AppConfig } from '#config';
import { UserDirectory } from '#notifications';
import { READ_MODELS, type ReadModels } from '#projections';
import { identityFromClaims, principalFromClaims, type Principal } from './principal.js';

/** Verified HS256 tokens kept (see TokenService.recent). */
const RECENT_TOKENS = 10_000;

/** `Authorization: Bearer <jwt>`; the scheme is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([A-Za-z0-9_\-.]+) *$/i;

/** The bearer token of a request, if its Authorization header carries one. */
export const bearerOf = (req: Pick<Request, 'headers'>): string | undefined =>
  BEARER.exec(req.headers.authorization ?? '')?.[1];

/**
 * Verifies bearer tokens: HS256 with the configured secret, or RS256/ES256 against an identity
 * provider's JWKS. Issuer, audience, expiry and not-before are always checked; `alg: none` and
 * algorithms other than the configured ones are refused by jose. Beyond jose: `iat` and `exp` are
 * required, the lifetime (exp - iat) is capped and `iat` may not lie ahead of the clock. With a
 * user directory the token only names the person: roles and agency are the directory's, and an
 * unknown user is refused.
 */
@Injectable()
export class TokenService {
  /**
   * The HS256 key, imported into WebCrypto once: given the raw bytes, jose imports them again on
   * every verification (163 µs a token against 102 µs with the key imported once).
   */
  private readonly secret?: Promise<CryptoKey>;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly directory?: UserDirectory;
  /**
   * HS256 tokens that passed every check, by their exact text, until they expire: a client keeps
   * its token for its lifetime, and a WebCrypto HMAC verification is an asynchronous job of about
   * 0.1 ms (10 % of a command's CPU). Bounded (the oldest goes first); only a token that passed
   * gets in, so unknown tokens cannot grow it; a hit checks expiry again (jose's rule, with the
   * clock tolerance). A directory lookup, when configured, still runs for every request.
   */
  private readonly recent = new Map<string, JWTPayload>();
  // One verification per request, shared by the rate limiter and the AuthGuard.
  private readonly verified = new WeakMap<object, Promise<Principal | undefined>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(READ_MODELS) readModels: ReadModels | null = null,
  ) {
    if (config.jwt.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
    else if (config.jwt.secret) this.secret = importHmacKey(config.jwt.secret);
    if (config.jwt.fromDirectory) {
      if (!readModels)
        throw new Error('AUTH_USER_DIRECTORY needs a read-model database (READ_MODEL_URL or an SQL store)');
      this.directory = new UserDirectory(readModels.sql);
    }
  }

  /** The verified caller of a request (its bearer token), computed once per request. */
  principalOf(req: Request): Promise<Principal | undefined> {
    let found = this.verified.get(req);
    if (!found) {
      const token = bearerOf(req);
      found = token ? this.verify(token) : Promise.resolve(undefined);
      this.verified.set(req, found);
    }
    return found;
  }

  async verify(token: string): Promise<Principal | undefined> {
    const { issuer, audience, clockSkewSeconds } = this.config.jwt;
    const options = { issuer, audience, clockTolerance: clockSkewSeconds, requiredClaims: ['exp', 'iat'] };
    let payload = this.secret ? this.recentlyVerified(token) : undefined;
    if (!payload) {
      try {
        ({ payload } = this.jwks
          ? await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })
          : await jwtVerify(token, await this.secret!, { ...options, algorithms: ['HS256'] }));
      } catch {
        return undefined;
      }
      if (!this.withinPolicy(payload)) return undefined;
      if (this.secret) this.remember(token, payload);
    }
    if (!this.directory) return principalFromClaims(payload);
    const identity = identityFromClaims(payload);
    const user = identity && (await this.directory.get(identity.sub));
    if (!user) return undefined;
    return { userId: user.id, name: user.displayName, agency: user.agency, roles: user.roles };
  }

  private recentlyVerified(token: string): JWTPayload | undefined {
    const payload = this.recent.get(token);
    if (!payload) return undefined;
    // jose's expiry rule: expired once exp <= now - tolerance (nbf and iat passed already).
    if ((payload.exp as number) <= Date.now() / 1000 - this.config.jwt.clockSkewSeconds) {
      this.recent.delete(token);
      return undefined;
    }
    return payload;
  }

  private remember(token: string, payload: JWTPayload): void {
    if (this.recent.size >= RECENT_TOKENS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(token, payload);
  }

  // A 100-year token, exp = 1e20 or an iat a year ahead are refused, whoever signed them.
  private withinPolicy({ iat, exp }: JWTPayload): boolean {
    const { maxLifetimeSeconds, clockSkewSeconds } = this.config.jwt;
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    return iat <= Date.now() / 1000 + clockSkewSeconds && exp - iat <= maxLifetimeSeconds;
  }
}

/** The HS256 verification key of a secret, as a non-extractable WebCrypto key. */
export function importHmacKey(secret: string): Promise<CryptoKey> {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // Awaited by the first verification; never an unhandled rejection in between.
  key.catch(() => undefined);
  return key;
}

/** Signs a local HS256 token (the `npm run token` command and tests). */
export async function signToken(
  config: { readonly jwt: Pick<AppConfig['jwt'], 'secret' | 'issuer' | 'audience'> },
  claims: { sub: string; name?: string; agency: string; roles: readonly string[] },
  expiresIn: string | number = '8h',
): Promise<string> {
  if (!config.jwt.secret) throw new Error('Local tokens need JWT_SECRET (or the embedded generated secret)');
  return new SignJWT({ name: claims.name, agency: claims.agency, roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.jwt.secret));
}
