import { PassThrough } from 'node:stream';
import { pgliteStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

describe('operations: JSON logs and Prometheus metrics', () => {
  let store: TestStore;
  let api: Api;
  const lines: string[] = [];

  beforeAll(async () => {
    store = await pgliteStore();
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    api = await startApi(store.store, { LOG_LEVEL: 'info' }, logs);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it('logs one JSON object a line with request and correlation ids, and no token', async () => {
    const doc = new DocumentWalk(api);
    const token = await api.token(users.office);
    const reply = await api.request('POST', '/documents', {
      token,
      body: {
        kind: 'committee_decision',
        title: 'Nhật ký',
        agency: 'so-khcn',
        procedure: 'standard',
        origin: 'additional',
        year: 2026,
      },
      headers: { 'x-correlation-id': 'corr-123', 'x-request-id': 'req-456' },
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('x-request-id')).toBe('req-456');
    await doc.assign(users.office, {
      kind: 'committee_decision',
      title: 'x',
      agency: 'so-khcn',
      procedure: 'standard',
      origin: 'additional',
      year: 2026,
    });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const request = parsed.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-456');
    expect(request).toMatchObject({
      correlationId: 'corr-123',
      res: { statusCode: 201 },
      req: { method: 'POST', path: '/documents' },
    });
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain('Nhật ký');
  });

  it('serves the HTTP and command series at /metrics', async () => {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, {
      kind: 'committee_decision',
      title: 'y',
      agency: 'so-khcn',
      procedure: 'standard',
      origin: 'additional',
      year: 2026,
    });
    await doc.run('adopt', users.office); // 409
    const res = await fetch(`${api.baseUrl}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      /draftline_http_request_duration_seconds_bucket\{[^}]*route="\/documents\/:id\/:command"/,
    );
    expect(text).toMatch(/draftline_commands_total\{command="assign-draft",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/draftline_commands_total\{command="adopt",outcome="conflict"\} [1-9]/);
  });
});
