// POST /admin/session: an admin's token becomes the queue dashboard's cookie.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AUTHED, bearer, json, problems } from '../http/openapi-parts.js';

export const adminSessionPaths = (): ZodOpenApiPathsObject => ({
  '/admin/session': {
    post: {
      tags: ['admin'],
      operationId: 'OpenAdminSession',
      summary:
        'Open the queue dashboard in a browser (an HttpOnly cookie for /admin/queues, 15 minutes at most)',
      security: bearer,
      responses: {
        '200': json(
          'The cookie is set (Set-Cookie)',
          z
            .object({
              dashboard: z.string().meta({ description: 'Where the dashboard is' }),
              expiresAt: z.iso.datetime({ offset: true }),
            })
            .meta({ id: 'AdminSession' }),
        ),
        ...problems(...AUTHED, [403, 'Only an admin may open the queue dashboard']),
      },
    },
  },
});
