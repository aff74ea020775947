// The web interface's JSON routes: the local demo sign-in (embedded mode only). Its pages and
// assets (/, /index.html, /assets/*) are not part of the HTTP contract.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { directoryUserSchema } from '#notifications';
import { body, json, problems } from '../http/openapi-parts.js';
import { sessionSchema } from './web.module.js';

const DemoUser = directoryUserSchema.meta({ id: 'DemoUser' });

export const webPaths = (): ZodOpenApiPathsObject => ({
  '/web/demo-users': {
    get: {
      tags: ['web'],
      operationId: 'ListDemoUsers',
      summary: 'The users one may pick on the local sign-in screen (embedded mode only)',
      security: [],
      responses: {
        '200': json('The demo users', z.object({ users: z.array(DemoUser) }).meta({ id: 'DemoUsers' })),
        ...problems([404, 'HTTP.NOT_FOUND: not embedded mode'], 429),
      },
    },
  },
  '/web/demo-session': {
    post: {
      tags: ['web'],
      operationId: 'OpenDemoSession',
      summary: 'A token for the picked demo user (embedded mode only, local use)',
      security: [],
      requestBody: body(sessionSchema.meta({ id: 'DemoSessionBody' })),
      responses: {
        '200': json(
          'The token',
          z
            .object({ token: z.string(), user: DemoUser, expiresAt: z.iso.datetime({ offset: true }) })
            .meta({ id: 'DemoSession' }),
        ),
        ...problems(
          400,
          [404, 'HTTP.NOT_FOUND: not embedded mode; WEB.UNKNOWN_USER: no such demo user'],
          413,
          415,
          429,
        ),
      },
    },
  },
});
