import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { commandFromKebab } from '#drafting';
import { commandsTotal, httpDuration, outcomeOf } from '#observability';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Request log lines: method, path without the query (search terms stay out), status, ids. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req) => {
      const correlation = req.headers['x-correlation-id'];
      return typeof correlation === 'string' && SAFE_ID.test(correlation)
        ? { correlationId: correlation }
        : {};
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Latency by route pattern, and commands by name and outcome, recorded when the answer is sent. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = httpDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    const pattern = route ? `${req.baseUrl}${route}` : 'unmatched';
    stop({ method: req.method, route: pattern, status: String(res.statusCode) });
    const command = commandOf(req, pattern);
    if (command) commandsTotal.inc({ command, outcome: outcomeOf(res.statusCode) });
  });
  next();
}

function commandOf(req: Request, pattern: string): string | undefined {
  if (req.method !== 'POST') return undefined;
  if (pattern === '/documents') return 'assign-draft';
  if (pattern !== '/documents/:id/:command') return undefined;
  const name = String(req.params.command ?? '');
  // Only known names become labels: a client must not be able to grow the series without bound.
  return commandFromKebab(name) ? name : 'unknown';
}
