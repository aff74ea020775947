// The health and metrics routes: public, never rate limited.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json } from '../http/openapi-parts.js';

const check = { ok: z.boolean(), error: z.string().optional().meta({ description: 'The error’s name' }) };

const ProjectionStatusSchema = z
  .object({
    name: z.string(),
    checkpoint: z.string().nullable(),
    eventsBehind: z.int().min(0),
    eventsBehindCapped: z.boolean(),
    eventsHeldBack: z.int().min(0),
    lagMs: z.number().min(0),
    lastRecordedAt: z.string().nullable(),
    lastOccurredAt: z.string().nullable(),
    parked: z.int().min(0),
    activeHere: z.boolean(),
  })
  .meta({ id: 'ProjectionStatus' });

export const ReadinessSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    reasons: z.array(z.string()).meta({ description: 'Why it is not ready, one sentence per cause' }),
    store: z.object(check),
    readModels: z.object({ ...check, projections: z.array(ProjectionStatusSchema).optional() }),
    outbox: z.object({ ...check, rows: z.int().min(0).optional(), capped: z.boolean().optional() }),
    redis: z.object({ ...check, checked: z.boolean() }),
    holidays: z.object({
      today: z.iso.date(),
      years: z.array(z.int()),
      coveredThrough: z.int().nullable(),
      daysLeft: z.int(),
      status: z.enum(['ok', 'warn', 'missing']),
      message: z.string(),
    }),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'Readiness' });

export const observabilityPaths = (): ZodOpenApiPathsObject => ({
  '/health/live': {
    get: {
      tags: ['health'],
      operationId: 'Live',
      summary: 'The process answers',
      security: [],
      responses: { '200': json('Alive', z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' })) },
    },
  },
  '/health/ready': {
    get: {
      tags: ['health'],
      operationId: 'Ready',
      summary:
        'Store, read models, projections’ lag and parked events, the deadline outbox, Redis and holiday data',
      security: [],
      responses: {
        '200': json('Ready', ReadinessSchema),
        '503': {
          description: 'Not ready: past a READY_* bound or a store down (reasons say which)',
          headers: z.object({ 'Retry-After': z.string().regex(/^\d+$/) }),
          content: { 'application/json': { schema: ReadinessSchema } },
        },
      },
    },
  },
  '/metrics': {
    get: {
      tags: ['health'],
      operationId: 'Metrics',
      summary: 'Prometheus scrape target (counts, never data); meant for the internal network',
      security: [],
      responses: {
        '200': {
          description: 'Prometheus text exposition format',
          content: { 'text/plain': { schema: z.string() } },
        },
      },
    },
  },
});
