import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { envSchema } from '#config';

/*
 * infra/compose.yaml cannot run here (no container engine), so it is kept honest by reading it:
 * the app's services are there, they are configured through the variables the app actually
 * reads (envSchema: renaming one there fails this test until the compose file follows), the
 * values pass the schema, Redis keeps BullMQ's data, and no secret is written into the file.
 */

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: unknown };
}
interface Compose {
  services: Record<string, Service>;
}

const file = join(dirname(fileURLToPath(import.meta.url)), '../../infra/compose.yaml');
const load = (): Compose => parse(readFileSync(file, 'utf8'), { merge: true }) as Compose;

const env = (s: Service): Record<string, string | null> => {
  const raw = s.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((e) => [e.split('=')[0], e.includes('=') ? e.slice(e.indexOf('=') + 1) : null]),
    );
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? null : String(v)]));
};
const command = (s: Service): string[] =>
  Array.isArray(s.command) ? s.command.map(String) : (s.command ?? '').split(/\s+/).filter(Boolean);
const runs = (s: Service, entry: string) =>
  command(s).join(' ').endsWith(`node dist/apps/${entry}/src/main.js`);
const appServices = (c: Compose) =>
  Object.entries(c.services).filter(([, s]) => runs(s, 'api') || runs(s, 'worker'));

/** `${NAME}` or `${NAME:?message}`: a value that must come from the environment, with no default. */
const SUBSTITUTION = /^\$\{[A-Z_][A-Z0-9_]*(:\?[^}]*)?\}$/;
/** Names whose values are secrets (a `_FILE` or `_PATH` names where a secret is, not the secret). */
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|_AUTH|LICENSE_KEY)(?!.*_(FILE|PATH)$)/;

/** Everything wrong with a compose document, as sentences; empty when it is right. */
const composeProblems = (c: Compose): string[] => {
  const problems: string[] = [];
  const schemaKeys = new Set(Object.keys(envSchema.shape));
  const services = Object.entries(c.services ?? {});
  const count = (test: (s: Service) => boolean) => services.filter(([, s]) => test(s)).length;

  const kurrent = count((s) => /kurrentdb/.test(s.image ?? ''));
  if (kurrent !== 3) problems.push(`${kurrent} KurrentDB nodes, not 3`);
  if (count((s) => /^postgres:/.test(s.image ?? '')) !== 1) problems.push('no PostgreSQL service');
  const redis = services.filter(([, s]) => /^redis:/.test(s.image ?? ''));
  if (redis.length !== 1) problems.push('no Redis service');
  for (const [name, s] of redis) {
    const args = command(s).join(' ');
    if (!/--appendonly 'yes'|--appendonly yes/.test(args)) problems.push(`${name}: no --appendonly yes`);
    if (!/--maxmemory-policy noeviction/.test(args))
      problems.push(`${name}: no --maxmemory-policy noeviction`);
  }
  const apis = count((s) => runs(s, 'api'));
  const workers = count((s) => runs(s, 'worker'));
  if (apis !== 2) problems.push(`${apis} api services, not 2`);
  if (workers !== 2) problems.push(`${workers} worker services, not 2`);

  for (const [name, s] of services) {
    const app = runs(s, 'api') || runs(s, 'worker');
    if (!app && s.healthcheck?.test === undefined) problems.push(`${name}: no healthcheck`);
    if (runs(s, 'api') && s.healthcheck?.test === undefined) problems.push(`${name}: no healthcheck`);
    for (const [key, value] of Object.entries(env(s))) {
      if (app && !schemaKeys.has(key)) problems.push(`${name}: ${key} is not in the configuration schema`);
      if (SECRET_NAME.test(key) && value !== null && !SUBSTITUTION.test(value))
        problems.push(`${name}: ${key} is written into the file`);
      for (const m of (value ?? '').matchAll(/\/\/[^/:@\s]*:([^@\s]*)@/g)) {
        if (!SUBSTITUTION.test(m[1])) problems.push(`${name}: ${key} has a password written into its URL`);
      }
    }
    const args = command(s);
    const pass = args.indexOf('--requirepass');
    if (pass >= 0 && !SUBSTITUTION.test(args[pass + 1] ?? ''))
      problems.push(`${name}: --requirepass is written into the file`);
  }

  for (const [name, s] of appServices(c)) {
    const e = env(s);
    const store = e.EVENT_STORE_URL ?? '';
    if (!store.startsWith('kurrentdb://')) problems.push(`${name}: EVENT_STORE_URL is not kurrentdb://`);
    for (const node of ['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3'])
      if (!store.includes(`@${node}:`) && !store.includes(`,${node}:`))
        problems.push(`${name}: EVENT_STORE_URL does not name ${node}`);
    if (!/@postgres:5432\//.test(e.READ_MODEL_URL ?? ''))
      problems.push(`${name}: READ_MODEL_URL is not the postgres service`);
    if (!/@redis:6379$/.test(e.REDIS_URL ?? '')) problems.push(`${name}: REDIS_URL is not the redis service`);
    // The values must pass the schema, with the environment's values standing in for ${…}
    // and a 32-character JWT_SECRET for the variables passed through.
    const values = Object.fromEntries(
      Object.entries(e)
        .map(([k, v]) => [k, v === null ? (k === 'JWT_SECRET' ? 'x'.repeat(32) : undefined) : v] as const)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [
          k,
          (v as string).replace(/\$\{([A-Z_]+)(:[-?]([^}]*))?\}/g, (_, n, op, d) =>
            op?.startsWith(':-') ? d : `${n.toLowerCase()}`,
          ),
        ]),
    );
    const parsed = envSchema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${name}: ${issue.path.join('.')} ${issue.message}`);
    }
  }
  return problems;
};

describe('infra/compose.yaml', () => {
  it('has the whole topology, configured through the schema, with no secret written down', () => {
    expect(composeProblems(load())).toEqual([]);
  });

  it('splits the work: projections and deadline jobs in the workers, not the api', () => {
    const c = load();
    for (const [, s] of appServices(c)) {
      const worker = runs(s, 'worker');
      expect(env(s)).toMatchObject({
        RUN_PROJECTIONS: worker ? 'true' : 'false',
        RUN_DEADLINES: worker ? 'true' : 'false',
      });
    }
  });

  // The checker itself, on copies broken in the ways it must notice.
  describe('the checker', () => {
    const broken = (edit: (c: Compose) => void) => {
      const c = load();
      edit(c);
      return composeProblems(c);
    };
    const apiEnv = (c: Compose) => c.services['api-1'].environment as Record<string, string | null>;

    it('names a variable the schema does not have (a renamed one)', () => {
      expect(broken((c) => (apiEnv(c).EVENT_STORE = apiEnv(c).EVENT_STORE_URL))).toContain(
        'api-1: EVENT_STORE is not in the configuration schema',
      );
    });

    it('names a value the schema refuses', () => {
      expect(broken((c) => (apiEnv(c).RUN_PROJECTIONS = 'yes'))).toEqual([
        expect.stringMatching(/^api-1: RUN_PROJECTIONS /),
      ]);
    });

    it('names a secret written into the file', () => {
      expect(broken((c) => (apiEnv(c).JWT_SECRET = 'a'.repeat(40)))).toContain(
        'api-1: JWT_SECRET is written into the file',
      );
      expect(broken((c) => (apiEnv(c).REDIS_URL = 'redis://:hunter2@redis:6379'))).toContain(
        'api-1: REDIS_URL has a password written into its URL',
      );
      expect(
        broken(
          (c) =>
            (apiEnv(c).READ_MODEL_URL =
              'postgres://draftline:${POSTGRES_PASSWORD:-changeit}@postgres:5432/draftline'),
        ),
      ).toContain('api-1: READ_MODEL_URL has a password written into its URL');
      expect(
        broken((c) => {
          const args = c.services.redis.command as string[];
          args[args.indexOf('--requirepass') + 1] = 'hunter2';
        }),
      ).toContain('redis: --requirepass is written into the file');
    });

    it('names a missing service and a Redis that may lose jobs', () => {
      expect(broken((c) => delete c.services['kurrentdb-3'])).toEqual(
        expect.arrayContaining(['2 KurrentDB nodes, not 3']),
      );
      expect(broken((c) => delete c.services['worker-2'])).toContain('1 worker services, not 2');
      expect(
        broken((c) => {
          const args = c.services.redis.command as string[];
          args[args.indexOf('noeviction')] = 'allkeys-lru';
        }),
      ).toContain('redis: no --maxmemory-policy noeviction');
    });
  });
});
