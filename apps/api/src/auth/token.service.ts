import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { APP_CONFIG, type AppConfig } from '#config';
import { principalFromClaims, type Principal } from './principal.js';

/**
 * Verifies bearer tokens: HS256 with the configured secret, or RS256/ES256 against an identity
 * provider's JWKS. Issuer, audience, expiry and not-before are always checked; `alg: none` and
 * algorithms other than the configured ones are refused by jose.
 */
@Injectable()
export class TokenService {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.jwt.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
    else if (config.jwt.secret) this.secret = new TextEncoder().encode(config.jwt.secret);
  }

  async verify(token: string): Promise<Principal | undefined> {
    const options = { issuer: this.config.jwt.issuer, audience: this.config.jwt.audience, clockTolerance: 5 };
    try {
      const { payload } = this.jwks
        ? await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })
        : await jwtVerify(token, this.secret!, {
            ...options,
            algorithms: ['HS256'],
            requiredClaims: ['exp'],
          });
      return principalFromClaims(payload);
    } catch {
      return undefined;
    }
  }
}

/** Signs a local HS256 token (the `npm run token` command and tests). */
export async function signToken(
  config: Pick<AppConfig, 'jwt'>,
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
