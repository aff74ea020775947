// The HTTP contract: every route, described from the zod schemas the controllers validate with
// (zod-openapi renders them). Served at /docs-json, committed as apps/api/openapi.json
// (`npm run openapi` writes it, `npm run openapi:check` and openapi.contract.spec.ts fail when
// they differ) and the source of the typed client in libs/api-client.
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { adminProjectionPaths } from './admin-projections/openapi.js';
import { adminSessionPaths } from './admin-queues/openapi.js';
import { auditPaths } from './audit/openapi.js';
import { webPaths } from './web/openapi.js';
import { deadlinePaths } from './deadlines/openapi.js';
import { documentPaths } from './documents/openapi.js';
import { notificationPaths } from './notifications/openapi.js';
import { observabilityPaths } from './observability/openapi.js';
import { readSidePaths } from './read-side/openapi.js';
import { registerPaths } from './registers/openapi.js';
import { reportPaths } from './reports/openapi.js';

/** Path items of several areas under one path (GET and POST /documents) are merged. */
function merge(...parts: ZodOpenApiPathsObject[]): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const part of parts)
    for (const [path, item] of Object.entries(part)) out[path] = { ...out[path], ...item };
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

export function openApiDocument(): OpenApiDocument {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Draftline',
      version: '0.1.0',
      description:
        'Event-sourced drafting lifecycle of legal normative documents. Every error is application/problem+json. Commands answer the new revision (send it back as If-Match) and the position of their last event (pass it as consistentWith to read your own write).',
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    servers: [{ url: '/', description: 'This server' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'documents', description: 'Drafts and their commands, one route per command' },
      { name: 'deadlines', description: 'The legal clocks of a document' },
      { name: 'registers', description: 'Reviews and implementations of existing documents' },
      { name: 'reports', description: 'The programme report of an agency and year' },
      { name: 'notifications', description: 'The caller’s in-app inbox' },
      { name: 'admin', description: 'User directory, parked projection events, queue dashboard' },
      { name: 'audit', description: 'The key the store’s seals are signed with (public)' },
      { name: 'health', description: 'Liveness, readiness and metrics (public)' },
      { name: 'web', description: 'The web interface’s local demo sign-in (embedded mode only)' },
    ],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths: merge(
      observabilityPaths(),
      documentPaths(),
      readSidePaths(),
      deadlinePaths(),
      registerPaths(),
      reportPaths(),
      notificationPaths(),
      adminProjectionPaths(),
      adminSessionPaths(),
      auditPaths(),
      webPaths(),
    ),
  });
}
