// The web interface's JSON routes: how the page signs in (OpenID Connect in server mode), who is
// signed in, and the local demo sign-in (embedded mode only). Its pages and
// assets (/, /index.html, /assets/*) are not part of the HTTP contract.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { directoryUserSchema } from '#notifications';
import { body, json, problems } from '../http/openapi-parts.js';
import { sessionSchema } from './web.module.js';

const DemoUser = directoryUserSchema.meta({ id: 'DemoUser' });

const WebConfig = z
  .object({
    signIn: z.enum(['demo', 'oidc', 'none']).meta({
      description: 'demo: the embedded pick-a-user screen; oidc: the OpenID provider below; none: neither',
    }),
    oidc: z
      .object({ issuer: z.string(), clientId: z.string(), scope: z.string() })
      .optional()
      .meta({ description: 'Authorization code + PKCE at this issuer, as this public client' }),
  })
  .meta({ id: 'WebConfig' });

export const webPaths = (): ZodOpenApiPathsObject => ({
  '/web/config': {
    get: {
      tags: ['web'],
      operationId: 'GetWebConfig',
      summary:
        'How the web interface signs people in (OIDC_ISSUER, OIDC_CLIENT_ID; the demo in embedded mode)',
      security: [],
      responses: { '200': json('How to sign in', WebConfig), ...problems(429) },
    },
  },
  '/web/me': {
    get: {
      tags: ['web'],
      operationId: 'GetWebMe',
      summary:
        'The signed-in caller as the api sees them (roles and agency from the directory when it holds them)',
      responses: {
        '200': json('The caller', DemoUser),
        ...problems(401, 429),
      },
    },
  },
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
