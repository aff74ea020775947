import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { commandFromKebab } from '#drafting';
import { commandsTotal, httpDuration, outcomeOf } from '#observability';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Request log lines: method, path without the query (search terms stay out), status, ids; a 4xx
 * or 5xx line also carries the answer's problem `code` (read from the problem+json body as it is
 * sent), so a refusal can be found by its code without the body ever reaching the log.
 */
export function requestLogger(logger: Logger) {
  const log = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req, res) => {
      const correlation = req.headers['x-correlation-id'];
      const code = problemCodes.get(res);
      return {
        ...(typeof correlation === 'string' && SAFE_ID.test(correlation)
          ? { correlationId: correlation }
          : {}),
        ...(code ? { code } : {}),
      };
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
  return (req: Request, res: Response, next: NextFunction): void => {
    noteProblemCode(res);
    log(req, res, next);
  };
}

/** The problem code each answer was sent with (a 4xx/5xx problem+json), until it is logged. */
const problemCodes = new WeakMap<object, string>();
const PROBLEM_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

function noteProblemCode(res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const type = String(res.getHeader('content-type') ?? '');
    if (res.statusCode >= 400 && type.startsWith('application/problem+json')) {
      const code = codeOf(body);
      if (code) problemCodes.set(res, code);
    }
    return send(body);
  };
}

function codeOf(body: unknown): string | undefined {
  try {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    const parsed: unknown = typeof text === 'string' ? JSON.parse(text) : text;
    const code = (parsed as { code?: unknown } | null)?.code;
    return typeof code === 'string' && PROBLEM_CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
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
