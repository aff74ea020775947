import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { commandFromKebab } from '#drafting';
import { commandsTotal, httpDuration, outcomeOf } from '#observability';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** This process's part of a generated request id: unique across processes and restarts. */
const PROCESS_PART = randomUUID().slice(0, 8);
let requestCount = 0;
/** A request id where the client gave none: cheap (no UUID per request), unique, short. */
const nextRequestId = () => `${PROCESS_PART}-${(++requestCount).toString(36)}`;

/**
 * Request log lines: method, path without the query (search terms stay out), status, ids; a 4xx
 * or 5xx line also carries the answer's problem `code` (read from the problem+json body as it is
 * sent), so a refusal can be found by its code without the body ever reaching the log.
 *
 * One line a request when it has been answered (or aborted), written by the process's logger
 * itself: no child logger per request (pino-http made one, and a UUID, for every request; 8 % of
 * a command's CPU). A 5xx is logged at `error`, anything else at `info`, so under LOG_LEVEL=warn
 * only failures cost a line.
 */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && SAFE_ID.test(given) ? given : nextRequestId();
    res.setHeader('X-Request-Id', id);
    const info = logger.isLevelEnabled('info');
    if (info || logger.isLevelEnabled('error')) noteProblemCode(res);
    let logged = false;
    const line = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const failed = aborted || res.statusCode >= 500;
      if (!failed && !info) return;
      const correlation = req.headers['x-correlation-id'];
      const code = problemCodes.get(res);
      const fields = {
        req: { id, method: req.method, path: (req.originalUrl ?? req.url).split('?')[0] },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
        ...(typeof correlation === 'string' && SAFE_ID.test(correlation)
          ? { correlationId: correlation }
          : {}),
        ...(code ? { code } : {}),
      };
      if (aborted) logger.warn(fields, 'request aborted');
      else if (failed) logger.error(fields, 'request errored');
      else logger.info(fields, 'request completed');
    };
    res.once('finish', () => line(false));
    res.once('close', () => line(!res.writableFinished));
    next();
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
