// GET /documents/{id}/deadlines: the clocks of a document from the deadlines read model.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CLOCK_NAMES } from '#deadlines';
import { ROLES } from '#drafting';
import { AUTHED, bearer, documentIdPath, isoInstant, json, problems } from '../http/openapi-parts.js';

const roles = z.array(z.enum(ROLES as [string, ...string[]]));

const DeadlineSchema = z
  .object({
    clockId: z.string().meta({ description: '<documentId>.<name>.<n>' }),
    name: z.enum(CLOCK_NAMES as [string, ...string[]]),
    status: z.enum(['open', 'met', 'missed', 'cancelled']),
    dueDate: z.iso
      .date()
      .meta({ description: 'Viet Nam local date: the last day to act (or the first allowed)' }),
    dueAt: isoInstant,
    dueIn: z
      .object({ days: z.int().min(0), overdue: z.boolean(), text: z.string() })
      .optional()
      .meta({ description: 'Open clocks only: whole days to the due date, or past it' }),
    reminders: z.array(z.object({ n: z.int().min(1), at: isoInstant, roles, sentAt: isoInstant.optional() })),
    escalation: z.object({ at: isoInstant, roles, sentAt: isoInstant.optional() }).optional(),
    provisional: z
      .literal(true)
      .optional()
      .meta({ description: 'Counted without holiday data for a year (weekends only); may still move' }),
  })
  .meta({ id: 'Deadline' });

export const DeadlinesSchema = z.object({ deadlines: z.array(DeadlineSchema) }).meta({ id: 'Deadlines' });

export const deadlinePaths = (): ZodOpenApiPathsObject => ({
  '/documents/{id}/deadlines': {
    get: {
      tags: ['deadlines'],
      operationId: 'GetDocumentDeadlines',
      summary: 'The legal clocks of the document: due dates, reminders and escalation',
      security: bearer,
      requestParams: { path: documentIdPath },
      responses: {
        '200': json('The clocks, oldest first', DeadlinesSchema),
        ...problems(
          400,
          ...AUTHED,
          [404, 'No such document, or one of another agency'],
          [503, 'No read-model database (in-memory store), or the store is unavailable'],
        ),
      },
    },
  },
});
