import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and the series operators watch. Modules update these; the
 * api serves them at /metrics. One registry per process (a second would double-count).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'draftline_' });

export const httpDuration = new Histogram({
  name: 'draftline_http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const commandsTotal = new Counter({
  name: 'draftline_commands_total',
  help: 'Commands by name and outcome (ok, invalid, unauthenticated, forbidden, not_found, conflict, stale, error)',
  labelNames: ['command', 'outcome'] as const,
  registers: [registry],
});

export const projectionLag = new Gauge({
  name: 'draftline_projection_lag_seconds',
  help: 'Age of the oldest event appended but not yet projected (0 when caught up), per projection',
  labelNames: ['projection'] as const,
  registers: [registry],
});

export const projectionParked = new Gauge({
  name: 'draftline_projection_parked_events',
  help: 'Events a projection gave up on after retries, per projection',
  labelNames: ['projection'] as const,
  registers: [registry],
});

export const projectionEventsBehind = new Gauge({
  name: 'draftline_projection_events_behind',
  help: 'Events appended but not yet projected (held behind an open transaction included, capped), per projection',
  labelNames: ['projection'] as const,
  registers: [registry],
});

export const projectionEventsHeldBack = new Gauge({
  name: 'draftline_projection_events_held_back',
  help: 'Events committed after a transaction still open, which no reader may pass yet, per projection',
  labelNames: ['projection'] as const,
  registers: [registry],
});

export const deadlineOutboxRows = new Gauge({
  name: 'draftline_deadline_outbox_rows',
  help: 'Rows in deadline_outbox not yet carried to Redis (capped)',
  registers: [registry],
});

export const redisUp = new Gauge({
  name: 'draftline_redis_up',
  help: '1 when Redis answered PING within the readiness timeout, 0 when not',
  registers: [registry],
});

export const queueDepth = new Gauge({
  name: 'draftline_queue_jobs',
  help: 'Jobs in a BullMQ queue by state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

export const reminderLateness = new Histogram({
  name: 'draftline_reminder_lateness_seconds',
  help: 'Fired time minus due time of reminders and escalations',
  labelNames: ['kind'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300],
  registers: [registry],
});

/** Maps an HTTP status to a command outcome label. */
export function outcomeOf(status: number): string {
  if (status < 400) return 'ok';
  const named: Record<number, string> = {
    400: 'invalid',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    412: 'stale',
    413: 'invalid',
    415: 'invalid',
    422: 'invalid',
    428: 'invalid',
    429: 'throttled',
  };
  return named[status] ?? 'error';
}
