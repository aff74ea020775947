import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { createHash } from 'node:crypto';
import { problemType } from './problem.js';

/**
 * Requests per minute per bearer token (one signed-in user's session), or per address for
 * requests without one; beyond it a 429 problem with Retry-After. Keying on a hash of the token
 * rather than its unverified subject keeps a forger from spending someone else's budget. The
 * counters live in the process: with several api processes each enforces its own share.
 */
export function rateLimiter(perMinute: number): RequestHandler | undefined {
  if (perMinute === 0) return undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => req.path === '/metrics' || req.path.startsWith('/health'),
    keyGenerator: (req) => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      return token
        ? `t:${createHash('sha256').update(token).digest('base64url')}`
        : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, res, _next, options) => {
      res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
      res
        .status(429)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: problemType('HTTP.TOO_MANY_REQUESTS'),
            title: 'Too many requests; retry after the interval in Retry-After',
            status: 429,
            code: 'HTTP.TOO_MANY_REQUESTS',
          }),
        );
    },
  });
}
