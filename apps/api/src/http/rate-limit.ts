import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { AppConfig } from '#config';
import type { Principal } from '../auth/principal.js';
import { problemType } from './problem.js';

export interface RateLimit {
  readonly handler: RequestHandler;
  /** Closes the Redis connection of a shared store (none for the in-process one). */
  close(): Promise<void>;
}

/**
 * Requests per minute per verified person (the token's user, whichever of their tokens), or per
 * address for requests without a valid token, so junk tokens spend the sender's address budget
 * and never open a fresh one. Beyond it a 429 problem with Retry-After. With RATE_LIMIT_STORE
 * redis the counters are shared by every api process under QUEUE_PREFIX; a Redis outage lets
 * requests through (readiness reports it) rather than refusing everyone.
 */
export function rateLimiter(
  config: Pick<AppConfig, 'rateLimitPerMinute' | 'rateLimitStore' | 'redisUrl' | 'queuePrefix'>,
  principalOf: (req: Request) => Promise<Principal | undefined>,
): RateLimit | undefined {
  if (config.rateLimitPerMinute === 0) return undefined;
  const redis =
    config.rateLimitStore === 'redis'
      ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true })
      : undefined;
  redis?.on('error', () => undefined); // reported by /health/ready, not per request
  const store: Store | undefined = redis
    ? new RedisStore({
        prefix: `${config.queuePrefix}:rate-limit:`,
        sendCommand: (command: string, ...args: string[]) =>
          redis.call(command, ...args) as Promise<RedisReply>,
      })
    : undefined;
  const handler = rateLimit({
    windowMs: 60_000,
    limit: config.rateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(store && { store }),
    skip: (req) => req.path === '/metrics' || req.path.startsWith('/health'),
    keyGenerator: async (req) => {
      const principal = await principalOf(req);
      return principal ? `u:${principal.userId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
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
  return {
    handler,
    close: async () => {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
