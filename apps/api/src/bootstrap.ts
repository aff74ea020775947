import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '#config';
import { createLogger, PinoNestLogger } from '#observability';
import { httpMetrics, requestLogger } from './observability/http-observability.js';
import { AppModule, type AppOptions } from './app.module.js';
import { DASHBOARD_PATH, QueueDashboard } from './admin-queues/queue-dashboard.js';
import { ProblemException } from './http/problem.js';
import { openApiDocument } from './openapi.js';
import { bodyParserProblem } from './http/problem.filter.js';
import { rateLimiter } from './http/rate-limit.js';
import { TokenService } from './auth/token.service.js';

/** Builds the HTTP application (used by main.ts and by the e2e tests, so both run the same app). */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogger(logger), httpMetrics, securityHeaders(), noStore);
  // Keyed by the verified caller: the same verification the AuthGuard then reuses.
  const tokens = app.get(TokenService);
  const limiter = rateLimiter(config, (req) => tokens.principalOf(req));
  if (limiter) {
    app.use(limiter.handler);
    app.getHttpServer().on('close', () => void limiter.close());
  }
  const json = express.json({ limit: config.bodyLimit, strict: true, type: 'application/json' });
  // A parser error leaves as the filter's own problem (HTTP.MALFORMED_JSON, …), never with the
  // body's first characters that body-parser puts in its message.
  app.use(requireJson, (req: Request, res: Response, next: NextFunction) =>
    json(req, res, (error?: unknown) =>
      next(error === undefined ? undefined : (bodyParserProblem(error) ?? error)),
    ),
  );
  // Bull Board, admin only (its own router: the AuthGuard does not reach it, it checks itself).
  app.use(DASHBOARD_PATH, app.get(QueueDashboard).router());
  // No enableShutdownHooks: main.ts stops on SIGINT/SIGTERM itself, in order (the app, then
  // its private Redis), and exits 0; tests and the demo close the app they made.
  // The contract, from the zod schemas the routes validate with (openapi.ts); built once, on the
  // first request for it.
  let contract: OpenAPIObject | undefined;
  const routes = () => (contract ??= openApiDocument() as OpenAPIObject);
  SwaggerModule.setup('docs', app, routes, {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}

// nosniff, no framing (frame-ancestors 'none' and X-Frame-Options DENY), a same-origin CSP for
// the pages served here (/docs; the web pages and the dashboard set their own), no Referer.
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

// Answers carry personal and unpublished data: no cache keeps them unless a route says otherwise
// (the web pages' static files do).
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

// A body that is not JSON is refused (415) rather than silently read as empty.
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new ProblemException(415, 'HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    return;
  }
  next();
}
