import { z } from 'zod';

const url = (schemes: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((v) => schemes.some((s) => v.startsWith(s)), {
      message: `must start with ${schemes.join(' or ')}`,
    });

/**
 * Every environment variable Draftline reads, with its default. This schema is the only reader
 * of `process.env` (see loadConfig); the README's configuration table mirrors it.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  EVENT_STORE_URL: url([
    'pglite://',
    'postgres://',
    'postgresql://',
    'kurrentdb://',
    'esdb://',
    'memory://',
  ]).default('pglite://./data/events'),
  READ_MODEL_URL: url(['pglite://', 'postgres://', 'postgresql://']).optional(),
  REDIS_URL: url(['redis://', 'rediss://']).default('redis://127.0.0.1:6379'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: url(['https://', 'http://']).optional(),
  JWT_ISSUER: z.string().default('draftline'),
  JWT_AUDIENCE: z.string().default('draftline-api'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 64kb')
    .default('64kb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;
