// The HTTP contract is a checked artifact: the description the api serves is the committed
// apps/api/openapi.json, the typed client's types are the ones generated from it, and every route
// the app answers is described (and nothing else). A failure here means: run `npm run openapi`
// and commit the result (or describe the new route in its area's openapi.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InMemoryEventStore } from '#event-store';
import { CLIENT_SCHEMA, contractFiles, OPENAPI_JSON } from '../../apps/api/src/openapi-files.js';
import { startApi, type Api } from '../support/http.js';

const ROOT = resolve(import.meta.dirname, '../..');
const REGENERATE = 'run `npm run openapi` and commit apps/api/openapi.json and libs/api-client/src/schema.ts';

/**
 * Outside the contract: the description itself, the queue dashboard's own router, and the web
 * interface's pages and assets (HTML, scripts, styles). Its JSON routes are in the contract.
 */
const UNDESCRIBED = [/^\/docs/, /^\/admin\/queues/, /\.html$/, /^\/$/, /^\/assets\//];

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/** METHOD /path/{param} of every route the Express app answers (Nest's controllers). */
function servedRoutes(api: Api): string[] {
  const express = api.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const out = new Set<string>();
  const visit = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path.replace(/:([A-Za-z]+)/g, '{$1}');
        if (UNDESCRIBED.some((p) => p.test(path))) continue;
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.add(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) visit(layer.handle.stack);
    }
  };
  visit(express.router.stack);
  return [...out].sort();
}

describe('the HTTP contract (apps/api/openapi.json)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(new InMemoryEventStore());
  });
  afterAll(() => api?.close());

  it('is what the api serves at /docs-json', async () => {
    const served = await api.request('GET', '/docs-json');
    expect(served.status).toBe(200);
    const committed = JSON.parse(readFileSync(resolve(ROOT, OPENAPI_JSON), 'utf8'));
    if (JSON.stringify(served.body) !== JSON.stringify(committed))
      throw new Error(`The served description differs from ${OPENAPI_JSON}: ${REGENERATE}`);
  });

  it('and the typed client are what `npm run openapi` writes', async () => {
    const files = await contractFiles(ROOT);
    for (const path of [OPENAPI_JSON, CLIENT_SCHEMA])
      if (readFileSync(resolve(ROOT, path), 'utf8') !== files[path])
        throw new Error(`${path} is not what the routes describe: ${REGENERATE}`);
  });

  it('describes every route the app answers, and only those', async () => {
    const described = Object.entries(
      JSON.parse(readFileSync(resolve(ROOT, OPENAPI_JSON), 'utf8')).paths as Record<string, object>,
    )
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    // A parameterised Nest route (POST /documents/:id/:command) stands for one path per command.
    const served = servedRoutes(api).filter((r) => r !== 'POST /documents/{id}/{command}');
    const commands = described.filter((r) => /^POST \/documents\/\{id\}\/[a-z-]+$/.test(r));
    expect(commands.length).toBeGreaterThan(10);
    expect(described.filter((r) => !commands.includes(r))).toEqual(served);
  });
});
