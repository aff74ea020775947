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
  RUN_PROJECTIONS: z.enum(['auto', 'true', 'false']).default('auto'),
  READ_CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  // /health/ready answers 503 past any of these bounds.
  READY_MAX_PROJECTION_LAG_MS: z.coerce.number().int().min(0).default(60_000),
  READY_MAX_EVENTS_BEHIND: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  READY_MAX_PARKED_EVENTS: z.coerce.number().int().min(0).default(0),
  READY_MAX_OUTBOX_ROWS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  READY_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  REDIS_URL: url(['redis://', 'rediss://']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or - (no ":")')
    .default('draftline'),
  RUN_DEADLINES: z.enum(['auto', 'true', 'false']).default('auto'),
  DEADLINE_RULES: z.enum(['statutory', 'test']).default('statutory'),
  DEADLINE_TEST_SCALE: z.coerce.number().positive().max(100).default(1),
  // Rule parameters lifecycle.md marks unverified (the README names them): regime 2025's appraisal
  // days from the complete dossier (Decree 78/2025), and the working days to check a dossier.
  APPRAISAL_DAYS_2025: z.coerce.number().int().min(1).max(90).default(15),
  DOSSIER_CHECK_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(5),
  DEADLINE_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  USER_DIRECTORY_FILE: z.string().optional(),
  SMTP_URL: url(['smtp://', 'smtps://']).optional(),
  SMTP_FROM: z.string().default('Draftline <no-reply@draftline.local>'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: url(['https://', 'http://']).optional(),
  JWT_ISSUER: z.string().default('draftline'),
  // The web interface's sign-in in server mode: OpenID Connect (authorization code + PKCE) at this
  // issuer, as this public client; the api verifies the provider's access tokens (JWT_JWKS_URL,
  // JWT_ISSUER, JWT_AUDIENCE).
  OIDC_ISSUER: url(['https://', 'http://']).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_SCOPE: z.string().default('openid profile'),
  JWT_AUDIENCE: z.string().default('draftline-api'),
  // The store's sealing key: Ed25519 private key, PKCS#8 PEM or the base64 of its DER.
  SEAL_SIGNING_KEY: z.string().min(40).optional(),
  // The key to publish and check seals with (SPKI PEM or base64 DER), where the api holds no signing key.
  SEAL_PUBLIC_KEY: z.string().min(40).optional(),
  // How often the store is sealed (a seal is written only when a stream moved); 0 turns it off.
  SEAL_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  // A token living longer than this (exp - iat), or issued further ahead than the skew, is refused.
  JWT_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(12 * 3600),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // Roles and agency from the user directory (the token only names the person); `auto`: when
  // USER_DIRECTORY_FILE is set.
  AUTH_USER_DIRECTORY: z.enum(['auto', 'true', 'false']).default('auto'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 64kb')
    .default('64kb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  // Where the counters live: `redis` shares them between api processes; `auto` is memory for an
  // embedded store (one process), Redis otherwise.
  RATE_LIMIT_STORE: z.enum(['auto', 'memory', 'redis']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;
