// The web interface (apps/web, built by Vite into dist/web) served by the api at `/`, with a
// strict Content-Security-Policy. The pages use hash routes (`/#/documents/…`), so the only paths
// this module answers are `/`, `/index.html` and `/assets/<file>`: every other path stays the
// API's, and an unknown one is still a problem+json 404.
//
// Embedded mode only (local use): the demo-user picker. POST /web/demo-session signs a token for
// a user of the directory (or of the sample directory when none was seeded); outside embedded
// mode both routes answer 404, as if they did not exist.
//
// Server mode: GET /web/config tells the page how to sign in (OpenID Connect at OIDC_ISSUER as
// the public client OIDC_CLIENT_ID, authorization code + PKCE in the browser); the provider's
// access tokens are then the bearer the api verifies through its JWKS. GET /web/me names the
// signed-in caller (their directory entry when the directory holds roles) for the page's header.
import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '#config';
import { readDirectoryFile, UserDirectory, type DirectoryUser } from '#notifications';
import { READ_MODELS, type ReadModels } from '#projections';
import { CurrentUser, Public } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { signToken } from '../auth/token.service.js';
import { ProblemException } from '../http/problem.js';
import { validate } from '../http/validate.js';

/**
 * Scripts, styles, fonts and images from this origin only; no inline code, no framing. With an
 * OpenID provider configured, the page may also call its origin (discovery and token endpoint).
 */
export const contentSecurityPolicy = (oidcIssuer?: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${oidcIssuer ? ` ${new URL(oidcIssuer).origin}` : ''}`,
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** How the page signs people in: the local demo picker, the OpenID provider, or neither. */
export interface WebConfig {
  readonly signIn: 'demo' | 'oidc' | 'none';
  readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly scope: string };
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const ASSET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const here = dirname(fileURLToPath(import.meta.url));

/** dist/web: next to dist/apps when running the build, under dist/ when running the sources. */
export function webRoot(): string | undefined {
  const root = join(here, '..', '..', '..', '..');
  return [join(root, 'web'), join(root, 'dist', 'web')].find((d) => existsSync(join(d, 'index.html')));
}

function sampleDirectory(): DirectoryUser[] {
  const root = join(here, '..', '..', '..', '..');
  const file = [
    join(root, 'apps/api/user-directory.sample.json'),
    join(root, '..', 'apps/api/user-directory.sample.json'),
  ].find(existsSync);
  return file ? readDirectoryFile(file).users : [];
}

export const sessionSchema = z.strictObject({ userId: z.string().min(1).max(128) });

@ApiExcludeController()
@Controller()
export class WebController {
  private readonly root = webRoot();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
  ) {}

  @Public()
  @Get()
  index(@Res() res: Response): void {
    this.send(res, 'index.html', 'no-cache');
  }

  @Public()
  @Get('index.html')
  indexFile(@Res() res: Response): void {
    this.send(res, 'index.html', 'no-cache');
  }

  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!ASSET.test(file)) throw new ProblemException(404, 'HTTP.NOT_FOUND', 'No such asset');
    // Vite names them by content hash: they never change under one name.
    this.send(res, join('assets', file), 'public, max-age=31536000, immutable');
  }

  /** How the page signs people in (public: the sign-in screen needs it before any token). */
  @Public()
  @Get('web/config')
  webConfig(): WebConfig {
    const { oidc } = this.config;
    if (oidc) return { signIn: 'oidc', oidc };
    return { signIn: this.config.embedded && this.config.jwt.secret ? 'demo' : 'none' };
  }

  /** The signed-in caller, as the api sees them (roles and agency from the directory when it holds them). */
  @Get('web/me')
  me(@CurrentUser() principal: Principal): DirectoryUser {
    return {
      id: principal.userId,
      displayName: principal.name ?? principal.userId,
      agency: principal.agency,
      roles: [...principal.roles],
    } as DirectoryUser;
  }

  /** Embedded mode only: the users one may pick on the local sign-in screen. */
  @Public()
  @Get('web/demo-users')
  async demoUsers(): Promise<{ users: DirectoryUser[] }> {
    this.embeddedOnly();
    return { users: await this.users() };
  }

  /** Embedded mode only: a token for the picked user (local use; refused in server mode). */
  @Public()
  @Post('web/demo-session')
  @HttpCode(200)
  async demoSession(
    @Body() body: unknown,
  ): Promise<{ token: string; user: DirectoryUser; expiresAt: string }> {
    this.embeddedOnly();
    const { userId } = validate(sessionSchema, body ?? {});
    const user = (await this.users()).find((u) => u.id === userId);
    if (!user) throw new ProblemException(404, 'WEB.UNKNOWN_USER', 'No such demo user');
    const hours = 8;
    const token = await signToken(
      this.config,
      { sub: user.id, name: user.displayName, agency: user.agency, roles: user.roles },
      `${hours}h`,
    );
    return { token, user, expiresAt: new Date(Date.now() + hours * 3_600_000).toISOString() };
  }

  private embeddedOnly(): void {
    if (!this.config.embedded || !this.config.jwt.secret)
      throw new ProblemException(404, 'HTTP.NOT_FOUND', 'Demo sign-in exists in embedded mode only');
  }

  private async users(): Promise<DirectoryUser[]> {
    // The directory seeded from USER_DIRECTORY_FILE, else the sample directory's users.
    const seeded = this.readModels ? await new UserDirectory(this.readModels.sql).all().catch(() => []) : [];
    return seeded.length > 0 ? seeded : sampleDirectory();
  }

  private send(res: Response, file: string, cacheControl: string): void {
    const path = this.root && join(this.root, file);
    if (!path || !existsSync(path))
      throw new ProblemException(
        file === 'index.html' ? 503 : 404,
        file === 'index.html' ? 'WEB.NOT_BUILT' : 'HTTP.NOT_FOUND',
        file === 'index.html' ? 'The web interface is not built: run npm run build' : 'No such asset',
      );
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(this.config.oidc?.issuer));
    res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', cacheControl);
    res.end(readFileSync(path));
  }
}

@Module({ controllers: [WebController] })
export class WebModule {}
