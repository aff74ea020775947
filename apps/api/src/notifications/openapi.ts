// The caller's inbox and the admin's user directory; schemas are the controllers' and the
// directory's own.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { directoryCorrectionSchema, directoryUserSchema } from '#notifications';
import { AUTHED, bearer, body, isoInstant, json, problems, WITH_BODY } from '../http/openapi-parts.js';
import { inboxQuerySchema } from './notifications.controller.js';

const NotificationSchema = z
  .object({
    id: z.string().regex(/^[1-9][0-9]{0,17}$/),
    key: z.string(),
    userId: z.string(),
    kind: z.enum(['reminder', 'escalation']),
    documentId: z.uuid(),
    clockId: z.string(),
    clock: z.string(),
    dueAt: isoInstant,
    message: z.string(),
    createdAt: isoInstant,
    readAt: isoInstant.nullable(),
  })
  .meta({ id: 'Notification' });

export const InboxPageSchema = z
  .object({
    notifications: z.array(NotificationSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass it as cursor for the next page; null on the last' }),
  })
  .meta({ id: 'InboxPage' });

export const DirectoryEntrySchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable().meta({ description: 'null once erased' }),
    email: z.string().nullable().meta({ description: 'null when none, or once erased' }),
    agency: z.string(),
    roles: directoryUserSchema.shape.roles,
    disabled: z
      .boolean()
      .meta({ description: 'A disabled person may not sign in and is nobody’s recipient' }),
    erasedAt: isoInstant.nullable().meta({ description: 'When the name and e-mail address were erased' }),
  })
  .meta({ id: 'DirectoryEntry', description: 'A person as the directory holds them, erased or not' });

const userIdPath = z.object({
  id: z
    .string()
    // What the server takes (^[A-Za-z0-9._@-]{1,128}$) but "." and "..": a URL drops those segments.
    .regex(
      /^(?:[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,127}|\.[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,126}|\.\.[A-Za-z0-9._@-]{1,126})$/,
    )
    .meta({ description: 'The user id (the token’s subject)' }),
});
const notificationIdPath = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/) });
const unavailable = [503, 'No read-model database (in-memory store), or it is unavailable'] as const;
const adminOnly = [403, 'Only an admin may manage users'] as const;

export const notificationPaths = (): ZodOpenApiPathsObject => ({
  '/me/notifications': {
    get: {
      tags: ['notifications'],
      operationId: 'ListMyNotifications',
      summary: 'Your in-app inbox, newest first, a page at a time',
      security: bearer,
      requestParams: { query: inboxQuerySchema },
      responses: {
        '200': json('One page', InboxPageSchema),
        ...problems(
          [400, 'Unknown parameter, wrong value or a cursor this inbox did not make'],
          ...AUTHED,
          unavailable,
        ),
      },
    },
  },
  '/me/notifications/{id}/read': {
    post: {
      tags: ['notifications'],
      operationId: 'MarkNotificationRead',
      summary: 'Mark one of your notifications read',
      security: bearer,
      requestParams: { path: notificationIdPath },
      responses: {
        '204': { description: 'Marked read' },
        ...problems(400, ...AUTHED, [404, 'No such notification of yours'], unavailable),
      },
    },
  },
  '/admin/users/{id}': {
    get: {
      tags: ['admin'],
      operationId: 'GetUser',
      summary: 'A user of the directory',
      security: bearer,
      requestParams: { path: userIdPath },
      responses: {
        '200': json('The user (an erased one too: id, agency and roles only)', DirectoryEntrySchema),
        ...problems(400, ...AUTHED, adminOnly, [404, 'No such user'], unavailable),
      },
    },
    patch: {
      tags: ['admin'],
      operationId: 'CorrectUser',
      summary: 'Correct a person’s name or e-mail address (email: null removes it)',
      security: bearer,
      requestParams: { path: userIdPath },
      // The schema refines "displayName or email": with no other property, at least one property.
      requestBody: body(directoryCorrectionSchema.meta({ id: 'DirectoryCorrection', minProperties: 1 })),
      responses: {
        '200': json('Corrected', DirectoryEntrySchema),
        ...problems(
          ...WITH_BODY,
          ...AUTHED,
          adminOnly,
          [404, 'No such user'],
          [409, 'USERS.ERASED: the person was erased'],
          unavailable,
        ),
      },
    },
    put: {
      tags: ['admin'],
      operationId: 'PutUser',
      summary: 'Create or replace a user of the directory',
      security: bearer,
      requestParams: { path: userIdPath },
      requestBody: body(directoryUserSchema.omit({ id: true }).meta({ id: 'DirectoryUserBody' })),
      responses: {
        '200': json('Stored', DirectoryEntrySchema),
        ...problems(
          ...WITH_BODY,
          ...AUTHED,
          adminOnly,
          [409, 'USERS.ERASED: the id was erased, its name does not come back'],
          unavailable,
        ),
      },
    },
  },
  '/admin/users/{id}/erase': {
    post: {
      tags: ['admin'],
      operationId: 'EraseUser',
      summary: 'Erase a person’s personal data: the id stays, name and e-mail go, the person is disabled',
      description:
        'Events carry ids only, so history still reads: views show the erased person as “Cán bộ đã nghỉ” / “A former officer”. Erasing again answers the same.',
      security: bearer,
      requestParams: { path: userIdPath },
      responses: {
        '200': json('Erased', DirectoryEntrySchema),
        ...problems(400, ...AUTHED, adminOnly, [404, 'No such user'], unavailable),
      },
    },
  },
});
