import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jwtVerify } from 'jose';
import pg from 'pg';
import type { ApiProcess } from './api-process.js';
import { BARE_SECRET, benchToken } from './bench-token.js';
import { BARE_TABLE_DDL, bareInsertSql } from './bare-insert.js';
import { DATABASE_URL } from './machine.js';

// P1's ceiling (PERFORMANCE.md): a bare `node:http` server, in its own process like the API,
// answering the same request the load sends the API (POST /documents/{id}/record-revision with
// a bearer token, If-Match and a JSON body) with JWT verification (jose, HS256, the key imported
// once, issuer and audience checked), JSON parsing and one durable INSERT of the event row (Node
// `pg`, a pool of 10). BARE_READ=1 also reads the stream first (the "load, then append" shape).
// Run alone: `node dist/test/bench/bare-http.js serve` (PORT, DATABASE_URL), then load it with
// anything that sends the API's requests; run.ts starts it with startBareHttp.

const SELF = fileURLToPath(import.meta.url);
const ROUTE = /^\/documents\/([0-9a-f-]{36})\/[a-z-]+$/;

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 3900);
  const readFirst = process.env.BARE_READ === '1';
  const table = process.env.BARE_TABLE ?? `bench_bare_http_${process.pid}`;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  await pool.query(BARE_TABLE_DDL(table));
  const insert = { name: 'bare-insert', text: bareInsertSql(table) };
  const read = {
    name: 'bare-read',
    text: `SELECT revision, type, data, metadata FROM ${table} WHERE stream_id = $1 ORDER BY revision`,
  };
  // The key imported once, as a server that cared would.
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(BARE_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const server = createServer((req, res) => {
    const answer = (status: number, json: unknown) => {
      const text = JSON.stringify(json);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    void (async () => {
      if (req.url === '/health/live') return answer(200, { status: 'ok' });
      const id = req.method === 'POST' ? ROUTE.exec(req.url ?? '')?.[1] : undefined;
      if (!id) return answer(404, { title: 'not found' });
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      try {
        await jwtVerify(token ?? '', key, {
          issuer: 'draftline',
          audience: 'draftline-api',
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'iat'],
        });
      } catch {
        return answer(401, { title: 'unauthorized' });
      }
      const parsed = JSON.parse((await body(req)) || '{}') as { summary?: string };
      const expected = Number(req.headers['if-match']);
      const stream = `draft-${id}`;
      if (readFirst) await pool.query({ ...read, values: [stream] });
      const data = JSON.stringify({ summary: parsed.summary, reason: 'benchmark', revision: expected + 1 });
      const metadata = JSON.stringify({
        actor: { userId: 'bench-drafter', role: 'drafter', agency: 'so-khcn' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        commandId: randomUUID(),
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
      });
      const done = await pool.query({
        ...insert,
        values: [stream, expected + 1, randomUUID(), data, metadata],
      });
      if (done.rowCount !== 1) return answer(412, { title: 'stale revision' });
      answer(200, { documentId: id, revision: expected + 1 });
    })().catch((error: unknown) => answer(500, { title: String(error) }));
  });
  server.listen(port, '127.0.0.1');
  const stop = () => {
    server.close();
    void pool
      .query(`DROP TABLE IF EXISTS ${table}`)
      .finally(() => pool.end())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Starts the bare server as its own process (as startApiProcess starts the API). */
export async function startBareHttp(
  port: number,
  options: { readFirst?: boolean } = {},
): Promise<ApiProcess> {
  const child = spawn(process.execPath, [SELF, 'serve'], {
    env: { ...process.env, PORT: String(port), BARE_READ: options.readFirst ? '1' : '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the bare server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      if (i > 120) throw new Error('the bare server did not listen');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    token: benchToken,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Documents for the bare server: any ids, each at revision 1 (it keeps no other state). */
export const bareDocuments = (count: number) =>
  Array.from({ length: count }, () => ({ id: randomUUID(), revision: 1 }));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'serve') {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
