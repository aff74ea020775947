import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { CurrentUser } from '../auth/auth.guard.js';
import { bearerOf } from '../auth/token.service.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { DashboardSessions } from './dashboard-sessions.js';
import { DASHBOARD_COOKIE, DASHBOARD_PATH } from './queue-dashboard.js';

/**
 * Opens the queue dashboard in a browser: an admin's bearer token (header only, checked by the
 * AuthGuard) opens a server-side session of 15 minutes at most (DashboardSessions); its random
 * id goes in an HttpOnly, Secure, SameSite=Strict cookie sent only under /admin/queues. The
 * cookie is no bearer token: nothing but the dashboard accepts it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/session')
export class AdminSessionController {
  constructor(private readonly sessions: DashboardSessions) {}

  @Post()
  @HttpCode(200)
  async open(
    @CurrentUser() actor: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ dashboard: string; expiresAt: string }> {
    if (!actor.roles.includes('admin'))
      throw new ProblemException(403, 'AUTH.FORBIDDEN', 'Only an admin may open the queue dashboard');
    const token = bearerOf(req);
    const { id, expiresAt, seconds } = await this.sessions.open(
      actor,
      token ? decodeJwt(token).exp : undefined,
    );
    res.cookie(DASHBOARD_COOKIE, id, {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: DASHBOARD_PATH,
      maxAge: seconds * 1000,
    });
    res.setHeader('Cache-Control', 'no-store');
    return { dashboard: `${DASHBOARD_PATH}/`, expiresAt: expiresAt.toISOString() };
  }
}
