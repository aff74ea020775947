import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { DASHBOARD_COOKIE, DASHBOARD_PATH } from './queue-dashboard.js';

/** A dashboard cookie lasts this long at most (and never past the token's own expiry). */
const SESSION_SECONDS = 15 * 60;

/**
 * Opens the queue dashboard in a browser: an admin's bearer token (header only, checked by the
 * AuthGuard) becomes an HttpOnly, Secure, SameSite=Strict cookie sent only under /admin/queues,
 * for 15 minutes at most. The cookie holds that same token, verified on every dashboard request
 * exactly as the header is; no other secret is made or kept.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/session')
export class AdminSessionController {
  @Post()
  @HttpCode(200)
  open(
    @CurrentUser() actor: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): { dashboard: string; expiresAt: string } {
    if (!actor.roles.includes('admin'))
      throw new ProblemException(403, 'AUTH.FORBIDDEN', 'Only an admin may open the queue dashboard');
    const token = req.headers.authorization!.slice('Bearer '.length);
    const now = Date.now();
    const exp = decodeJwt(token).exp;
    const seconds = Math.min(
      SESSION_SECONDS,
      exp === undefined ? SESSION_SECONDS : exp - Math.ceil(now / 1000),
    );
    res.cookie(DASHBOARD_COOKIE, token, {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: DASHBOARD_PATH,
      maxAge: seconds * 1000,
    });
    res.setHeader('Cache-Control', 'no-store');
    return { dashboard: `${DASHBOARD_PATH}/`, expiresAt: new Date(now + seconds * 1000).toISOString() };
  }
}
