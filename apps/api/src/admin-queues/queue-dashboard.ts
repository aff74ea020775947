// Bull Board over the BullMQ queues of this deployment, at /admin/queues, for admins only.
//
// The dashboard is mounted as raw Express middleware (Bull Board brings its own router), so the
// Nest AuthGuard does not see it: this file checks the token itself, with the same TokenService.
// It opens its own read-only queue handles on the configured Redis and QUEUE_PREFIX, so a
// server-mode api (RUN_DEADLINES=false, the jobs run in the workers) shows the queues as well
// as an embedded one. The handles are opened on the first admin request, never before.
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import {
  Router,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import { DEADLINE_QUEUE } from '#deadlines/queue';
import { DELIVERY_QUEUE } from '#notifications';
import { TokenService } from '../auth/token.service.js';
import { DashboardSessions } from './dashboard-sessions.js';
import { ProblemException } from '../http/problem.js';

/** Where the dashboard is mounted (its sub-routes are Bull Board's: /api/..., /static/...). */
export const DASHBOARD_PATH = '/admin/queues';
/** The HttpOnly cookie POST /admin/session sets for browsers (sent only under DASHBOARD_PATH). */
export const DASHBOARD_COOKIE = 'draftline_queues';
/** The queues shown: the deadline reminders and escalations, and the e-mail/webhook deliveries. */
export const DASHBOARD_QUEUES = [DEADLINE_QUEUE, DELIVERY_QUEUE] as const;

/** How long a dashboard request waits for Redis before it answers 503. */
const READY_MS = 2000;

/** The value of one cookie in a Cookie header, if present and well formed. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueDashboard');
  private board: RequestHandler | undefined;
  private handles: Queue[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINES) private readonly runtime: DeadlineReads | null,
    private readonly tokens: TokenService,
    private readonly sessions: DashboardSessions,
  ) {}

  /** The router to mount at DASHBOARD_PATH: auth, then read-only Bull Board. */
  router(): Router {
    const router = Router();
    router.use((req, res, next) => void this.authorize(req, res, next).catch(next));
    router.use((req, res, next) => void this.serve(req, res, next).catch(next));
    return router;
  }

  // 401 without a valid token in the Authorization header or, when there is no header, a live
  // dashboard session in the cookie; 403 without the admin role; both problem+json through the
  // app's ProblemFilter.
  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    const principal =
      req.headers.authorization === undefined
        ? await this.sessions.find(cookieOf(req.headers.cookie, DASHBOARD_COOKIE))
        : await this.tokens.principalOf(req);
    if (!principal)
      throw new ProblemException(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required');
    if (!principal.roles.includes('admin'))
      throw new ProblemException(403, 'AUTH.FORBIDDEN', 'Only an admin may see the queues');
    // Read-only: nothing here changes a queue, so no request but a read is let through.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new ProblemException(405, 'HTTP.METHOD_NOT_ALLOWED', 'The queue dashboard is read-only');
    }
    if (!this.runtime)
      throw new ProblemException(503, 'QUEUES.UNAVAILABLE', 'No deadline queues in this deployment');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    next();
  }

  private async serve(req: Request, res: Response, next: NextFunction): Promise<void> {
    this.board ??= this.openBoard();
    // Bull Board's API waits on Redis without end when it is down: answer 503 instead.
    if (req.path.startsWith('/api/') && !(await this.redisReady()))
      throw new ProblemException(503, 'QUEUES.UNAVAILABLE', 'Redis is unreachable; retry shortly');
    this.board(req, res, next);
  }

  private async redisReady(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_MS).unref();
    });
    const ready = Promise.all(this.handles.map((queue) => queue.waitUntilReady())).then(() => true as const);
    try {
      return await Promise.race([ready.catch(() => false as const), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private openBoard(): RequestHandler {
    const connection = { url: this.config.redisUrl, maxRetriesPerRequest: 2 };
    this.handles = DASHBOARD_QUEUES.map((name) => {
      // skipMetasUpdate: a viewer writes nothing, not even the queue's meta key.
      const queue = new Queue(name, { connection, prefix: this.config.queuePrefix, skipMetasUpdate: true });
      queue.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      return queue;
    });
    const server = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.handles.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter: server,
      options: { uiConfig: { boardTitle: 'Draftline queues' } },
    });
    const app = server.getRouter() as Express;
    app.disable('x-powered-by');
    return app;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((queue) => queue.close()));
    this.handles = [];
  }
}
