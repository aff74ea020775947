import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envSchema, type Env } from './config.schema.js';

/** Typed configuration handed to every module; nothing else reads `process.env`. */
export interface AppConfig {
  readonly env: Env['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStoreUrl: string;
  /** Embedded mode: the store lives inside this process (PGlite or memory). */
  readonly embedded: boolean;
  readonly readModelUrl: string | undefined;
  /** Host the projection runners in this process: `auto` means when the store is embedded. */
  readonly runProjections: boolean;
  /** Longest a query with `consistentWith` waits for the projections (then 504). */
  readonly consistencyTimeoutMs: number;
  /** Bounds past which /health/ready answers 503 (READY_* variables). */
  readonly readiness: {
    readonly maxProjectionLagMs: number;
    readonly maxEventsBehind: number;
    readonly maxParkedEvents: number;
    readonly maxOutboxRows: number;
    readonly redisTimeoutMs: number;
  };
  readonly redisUrl: string;
  /** BullMQ key prefix: one per deployment (and per test file, so parallel runs never share keys). */
  readonly queuePrefix: string;
  readonly deadlines: {
    /** Host the deadline scheduler, reminder processor and reconciler here (`auto`: a PGlite store). */
    readonly run: boolean;
    /** In the worker process: on unless RUN_DEADLINES=false (a projections-only worker). */
    readonly runInWorker: boolean;
    /** `test` counts clocks in seconds (end-to-end tests); `scale` multiplies those seconds. */
    readonly rules: 'statutory' | 'test';
    readonly testScale: number;
    /** Unverified statutory parameters (lifecycle.md): configuration, not constants in the rules. */
    readonly unverified: { readonly appraisalDays2025: number; readonly dossierCheckWorkingDays: number };
    readonly reconcileSeconds: number;
    /** A JSON file of users (and agency webhooks) seeded into the user directory at start. */
    readonly userDirectoryFile: string | undefined;
  };
  /** Reminder e-mails; unset means in-app and webhooks only. */
  readonly smtp: { readonly url: string | undefined; readonly from: string };
  readonly jwt: {
    readonly secret: string | undefined;
    readonly jwksUrl: string | undefined;
    readonly issuer: string;
    readonly audience: string;
    /** Longest lifetime (exp - iat) a token may have, and how far ahead its iat may be. */
    readonly maxLifetimeSeconds: number;
    readonly clockSkewSeconds: number;
    /** Roles and agency come from the user directory; the token only identifies the person. */
    readonly fromDirectory: boolean;
  };
  /** The web interface's OpenID Connect sign-in (OIDC_ISSUER and OIDC_CLIENT_ID), if configured. */
  readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly scope: string };
  /** The store's seals: the signing key (PEM or base64 PKCS#8; embedded mode makes one) and their interval. */
  readonly seal: {
    readonly signingKey: string | undefined;
    /** SEAL_PUBLIC_KEY: what the api publishes and checks seals with when it holds no signing key. */
    readonly publicKey: string | undefined;
    readonly intervalSeconds: number;
  };
  readonly bodyLimit: string;
  /** Requests per minute per user (per address before sign-in); 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Counters shared by every api process (Redis) or kept in this one. */
  readonly rateLimitStore: 'memory' | 'redis';
  readonly logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; a wrong value fails with a sentence naming the variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const env = parsed.data;
  const embedded = /^(pglite|memory):\/\//.test(env.EVENT_STORE_URL);
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir,
    eventStoreUrl: env.EVENT_STORE_URL,
    embedded,
    readModelUrl: env.READ_MODEL_URL,
    runProjections: env.RUN_PROJECTIONS === 'auto' ? embedded : env.RUN_PROJECTIONS === 'true',
    consistencyTimeoutMs: env.READ_CONSISTENCY_TIMEOUT_MS,
    readiness: {
      maxProjectionLagMs: env.READY_MAX_PROJECTION_LAG_MS,
      maxEventsBehind: env.READY_MAX_EVENTS_BEHIND,
      maxParkedEvents: env.READY_MAX_PARKED_EVENTS,
      maxOutboxRows: env.READY_MAX_OUTBOX_ROWS,
      redisTimeoutMs: env.READY_REDIS_TIMEOUT_MS,
    },
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    deadlines: {
      // `memory://` is the unit tests' store: nothing there should talk to Redis unless asked.
      run:
        env.RUN_DEADLINES === 'auto'
          ? env.EVENT_STORE_URL.startsWith('pglite://')
          : env.RUN_DEADLINES === 'true',
      runInWorker: env.RUN_DEADLINES !== 'false',
      rules: env.DEADLINE_RULES,
      testScale: env.DEADLINE_TEST_SCALE,
      unverified: {
        appraisalDays2025: env.APPRAISAL_DAYS_2025,
        dossierCheckWorkingDays: env.DOSSIER_CHECK_WORKING_DAYS,
      },
      reconcileSeconds: env.DEADLINE_RECONCILE_SECONDS,
      userDirectoryFile: env.USER_DIRECTORY_FILE,
    },
    smtp: { url: env.SMTP_URL, from: env.SMTP_FROM },
    jwt: {
      secret: env.JWT_SECRET ?? jwtSecretFallback(embedded, env.JWT_JWKS_URL, dataDir),
      jwksUrl: env.JWT_JWKS_URL,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      maxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS,
      clockSkewSeconds: env.JWT_CLOCK_SKEW_SECONDS,
      fromDirectory:
        env.AUTH_USER_DIRECTORY === 'auto'
          ? env.USER_DIRECTORY_FILE !== undefined
          : env.AUTH_USER_DIRECTORY === 'true',
    },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, scope: env.OIDC_SCOPE }
        : undefined,
    seal: {
      signingKey: env.SEAL_SIGNING_KEY ?? (embedded ? sealingKeyFallback(dataDir) : undefined),
      publicKey: env.SEAL_PUBLIC_KEY,
      intervalSeconds: env.SEAL_INTERVAL_SECONDS,
    },
    bodyLimit: env.BODY_LIMIT,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    rateLimitStore: env.RATE_LIMIT_STORE === 'auto' ? (embedded ? 'memory' : 'redis') : env.RATE_LIMIT_STORE,
    logLevel: env.LOG_LEVEL,
  };
}

// No secret ships in the code: an embedded install makes its own on first start and keeps it
// under DATA_DIR; a server deployment must be given one (or an identity provider's JWKS).
function jwtSecretFallback(
  embedded: boolean,
  jwksUrl: string | undefined,
  dataDir: string,
): string | undefined {
  if (jwksUrl) return undefined;
  if (!embedded) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET (at least 32 characters) or JWT_JWKS_URL is required when EVENT_STORE_URL is not an embedded store',
    );
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs, so every process signs with one key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

// Like the JWT secret: an embedded install makes its sealing key on first start (Ed25519, PEM).
function sealingKeyFallback(dataDir: string): string {
  const file = join(dataDir, 'seal-key.pem');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw error;
  }
}
