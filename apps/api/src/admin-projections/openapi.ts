// Parked events of the projections: listed, replayed or skipped by an admin.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AUTHED, bearer, json, problems, uuidParam } from '../http/openapi-parts.js';

const projectionName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/)
  .meta({ description: 'A projection’s name, e.g. document_status' });

const ParkedEventSchema = z
  .object({
    projection: z.string(),
    eventId: z.uuid(),
    position: z.string().meta({ description: 'The event’s global position, commit-prepare' }),
    streamId: z.string().nullable(),
    revision: z.int().min(0).nullable(),
    error: z.string(),
    attempts: z.int().min(0),
    parkedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ParkedEvent' });

const ReplayOutcomeSchema = z
  .object({
    projection: z.string(),
    eventId: z.uuid(),
    outcome: z.enum(['applied', 'failed', 'missing']),
    error: z.string().optional(),
  })
  .meta({ id: 'ReplayOutcome' });

const ADMIN = [
  ...AUTHED,
  [403, 'Only an admin may manage parked events'],
  [503, 'Read models unavailable'],
] as const;
const unknown = [404, 'No such projection'] as const;
const eventPath = z.object({ projection: projectionName, eventId: uuidParam('The parked event’s id') });

export const adminProjectionPaths = (): ZodOpenApiPathsObject => ({
  '/admin/projections/parked': {
    get: {
      tags: ['admin'],
      operationId: 'ListParkedEvents',
      summary: 'Events the projections parked (a deterministic error after their retries)',
      security: bearer,
      requestParams: { query: z.object({ projection: projectionName.optional() }) },
      responses: {
        '200': json(
          'The parked events',
          z.object({ parked: z.array(ParkedEventSchema) }).meta({ id: 'ParkedEvents' }),
        ),
        ...problems(...ADMIN, unknown),
      },
    },
  },
  '/admin/projections/{projection}/parked/replay': {
    post: {
      tags: ['admin'],
      operationId: 'ReplayParkedEvents',
      summary: 'Apply every parked event of the projection again (un-parked on success)',
      security: bearer,
      requestParams: { path: z.object({ projection: projectionName }) },
      responses: {
        '200': json(
          'What became of each',
          z.object({ outcomes: z.array(ReplayOutcomeSchema) }).meta({ id: 'ReplayOutcomes' }),
        ),
        ...problems(...ADMIN, unknown),
      },
    },
  },
  '/admin/projections/{projection}/parked/{eventId}/replay': {
    post: {
      tags: ['admin'],
      operationId: 'ReplayParkedEvent',
      summary: 'Apply one parked event again (un-parked on success)',
      security: bearer,
      requestParams: { path: eventPath },
      responses: {
        '200': json('Applied', ReplayOutcomeSchema),
        ...problems(
          [400, 'The event id is not a UUID'],
          ...ADMIN,
          [404, 'No such projection, or no such parked event'],
          [409, 'The event failed again and stays parked'],
        ),
      },
    },
  },
  '/admin/projections/{projection}/parked/{eventId}/skip': {
    post: {
      tags: ['admin'],
      operationId: 'SkipParkedEvent',
      summary: 'Give up on one parked event (removed without applying it)',
      security: bearer,
      requestParams: { path: eventPath },
      responses: {
        '204': { description: 'Skipped' },
        ...problems([400, 'The event id is not a UUID'], ...ADMIN, [
          404,
          'No such projection, or no such parked event',
        ]),
      },
    },
  },
});
