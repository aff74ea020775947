import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { holidayDataCoverage, type HolidayCoverage } from '#deadlines';
import { EVENT_STORE, type EventStore, type SqlClient } from '#event-store';
import { READ_MODELS, type ProjectionStatus, type ReadModels } from '#projections';
import { RedisProbe } from './redis-probe.js';

export type Check = { ok: boolean; error?: string };

/** What /health/ready answers: every check, and why it is not ready (one sentence per cause). */
export interface Readiness {
  status: 'ok' | 'unavailable';
  reasons: string[];
  store: Check;
  readModels: Check & { projections?: ProjectionStatus[] };
  /** Rows of deadline_outbox not yet carried to Redis (absent without the deadlines tables). */
  outbox: Check & { rows?: number; capped?: boolean };
  /** Skipped (`ok`, `checked: false`) where nothing in this deployment uses Redis. */
  redis: Check & { checked: boolean };
  /**
   * How far the holiday data reaches. Never a cause of not-ready (clocks past it are counted on
   * weekends alone and flagged provisional); months before it runs out it is a warning here.
   */
  holidays: HolidayCoverage;
  /** Things someone should see to before they matter; the process is still ready. */
  warnings: string[];
}

/** Events counted past a checkpoint at least, whatever the bound (the answer shows the count). */
const COUNT_AT_LEAST = 1000;

const failed = (error: unknown): Check => ({
  ok: false,
  error: error instanceof Error ? error.name : 'Error', // no messages: they may name hosts
});

/**
 * Readiness of the whole read side as this process can see it: the store, the read models and
 * each projection's real lag (events past its checkpoint, those held behind an open transaction
 * included, and the oldest one's age), parked events, the deadline outbox's depth, and Redis.
 * Past any READY_* bound the answer is not-ready. Every api process answers the same, whichever
 * process runs the worker side.
 */
@Injectable()
export class ReadinessProbe implements OnApplicationShutdown {
  private readonly redis: RedisProbe | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Redis is used wherever reminders run: here (embedded) or in the workers (server mode).
    const usesRedis = config.deadlines.run || !config.embedded;
    this.redis = usesRedis ? new RedisProbe(config.redisUrl, config.readiness.redisTimeoutMs) : undefined;
  }

  async check(): Promise<Readiness> {
    const bounds = this.config.readiness;
    const [store, readModels, outbox, redis] = await Promise.all([
      this.store.readAll({ limit: 1 }).then(() => ({ ok: true }), failed),
      this.readModels
        ? this.readModels
            .status({ cap: Math.max(COUNT_AT_LEAST, bounds.maxEventsBehind + 1) })
            .then((projections) => ({ ok: true, projections }), failed)
        : Promise.resolve({ ok: false, error: 'no SQL database for read models' }),
      this.outbox(Math.max(COUNT_AT_LEAST, bounds.maxOutboxRows + 1)),
      this.redis
        ? this.redis.ping().then((r) => ({ ...r, checked: true }))
        : Promise.resolve({ ok: true, checked: false }),
    ]);
    const reasons: string[] = [];
    if (!store.ok) reasons.push('the event store cannot be read');
    if (!readModels.ok) reasons.push('the read models cannot be read');
    for (const p of 'projections' in readModels ? (readModels.projections ?? []) : [])
      reasons.push(...projectionReasons(p, bounds));
    if (outbox.rows !== undefined && outbox.rows > bounds.maxOutboxRows) {
      outbox.ok = false;
      reasons.push(
        `the deadline outbox holds ${outbox.rows}${outbox.capped ? '+' : ''} rows not carried to Redis (READY_MAX_OUTBOX_ROWS=${bounds.maxOutboxRows})`,
      );
    } else if (!outbox.ok) reasons.push('the deadline outbox cannot be read');
    if (!redis.ok) reasons.push(`Redis does not answer PING within ${bounds.redisTimeoutMs} ms`);
    const holidays = holidayDataCoverage(new Date());
    const warnings = holidays.status === 'ok' ? [] : [holidays.message];
    const status = reasons.length === 0 ? 'ok' : 'unavailable';
    return { status, reasons, warnings, store, readModels, outbox, redis, holidays };
  }

  onApplicationShutdown(): void {
    this.redis?.close();
  }

  private async outbox(cap: number): Promise<Check & { rows?: number; capped?: boolean }> {
    const sql: SqlClient | undefined = this.readModels?.sql;
    if (!sql) return { ok: true };
    try {
      const [table] = await sql.query<{ present: boolean }>(
        `SELECT to_regclass('deadline_outbox') IS NOT NULL AS present`,
      );
      if (!table?.present) return { ok: true };
      const [row] = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT 1 FROM deadline_outbox LIMIT $1::integer) o',
        [cap],
      );
      const rows = Number(row?.n ?? 0);
      return { ok: true, rows, capped: rows >= cap };
    } catch (error) {
      return failed(error);
    }
  }
}

function projectionReasons(p: ProjectionStatus, bounds: AppConfig['readiness']): string[] {
  const reasons: string[] = [];
  if (p.eventsBehind > bounds.maxEventsBehind) {
    const held = p.eventsHeldBack > 0 ? `, ${p.eventsHeldBack} held behind an open transaction` : '';
    reasons.push(
      `${p.name}: ${p.eventsBehind}${p.eventsBehindCapped ? '+' : ''} events not projected${held} (READY_MAX_EVENTS_BEHIND=${bounds.maxEventsBehind})`,
    );
  }
  if (p.lagMs > bounds.maxProjectionLagMs)
    reasons.push(
      `${p.name}: the oldest unprojected event is ${Math.round(p.lagMs / 1000)} s old (READY_MAX_PROJECTION_LAG_MS=${bounds.maxProjectionLagMs})`,
    );
  if (p.parked > bounds.maxParkedEvents)
    reasons.push(
      `${p.name}: ${p.parked} parked event(s) (READY_MAX_PARKED_EVENTS=${bounds.maxParkedEvents})`,
    );
  return reasons;
}
