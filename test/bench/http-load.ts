import { Agent, request } from 'node:http';
import type { ApiProcess } from './api-process.js';
import { cpuSecondsOf } from './bench-token.js';
import { percentile } from './machine.js';

const office = { sub: 'bench-office', agency: 'vp-ubnd', roles: ['committee_office'] };
const drafter = { sub: 'bench-drafter', agency: 'so-khcn', roles: ['drafter'] };

export interface Doc {
  id: string;
  revision: number;
}

// node:http with kept-alive sockets: the load generator shares the two cores with the server it
// measures, and fetch (undici) costs it about twice the CPU per request.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(api: ApiProcess, token: string, path: string, body: unknown, revision?: number) {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  };
  if (revision !== undefined) headers['if-match'] = String(revision);
  return new Promise<{ revision: number; documentId: string }>((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        if (!ok) return reject(new Error(`${path} → ${res.statusCode} ${text}`));
        try {
          resolve(JSON.parse(text) as { revision: number; documentId: string });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Assigns `count` documents and starts drafting them, so each load request is one transition. */
export async function prepareDocuments(api: ApiProcess, count: number): Promise<Doc[]> {
  const [officeToken, drafterToken] = [await api.token(office), await api.token(drafter)];
  const docs: Doc[] = [];
  for (let i = 0; i < count; i += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, count - i) }, async (_, j) => {
        const assigned = await post(api, officeToken, '/documents', {
          kind: 'committee_decision',
          title: `Dự thảo số ${i + j}`,
          agency: 'so-khcn',
          procedure: 'standard',
          origin: 'additional',
          year: 2026,
        });
        const started = await post(
          api,
          drafterToken,
          `/documents/${assigned.documentId}/start-drafting`,
          {},
          0,
        );
        return { id: assigned.documentId, revision: started.revision };
      }),
    );
    docs.push(...batch);
  }
  return docs;
}

export interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** The server process's CPU (user + system) per answered request, milliseconds. */
  readonly cpuMsPerRequest: number;
  /** The load generator's own CPU per request, milliseconds (it shares the machine). */
  readonly clientCpuMsPerRequest: number;
}

/**
 * `clients` closed-loop clients, each revising its own share of the documents for `seconds`.
 * With `ratePerSecond` set, clients pace themselves so the total offered load is that rate.
 */
export async function runLoad(
  api: ApiProcess,
  docs: Doc[],
  clients: number,
  seconds: number,
  ratePerSecond?: number,
): Promise<LoadResult> {
  const token = await api.token(drafter);
  const latencies: number[] = [];
  let failed = 0;
  const cpu0 = cpuSecondsOf(api.pid);
  const client0 = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const interval = ratePerSecond ? (clients / ratePerSecond) * 1000 : 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const mine = docs.filter((_, i) => i % clients === c);
      for (let n = 0; performance.now() < deadline; n++) {
        const doc = mine[n % mine.length];
        const t0 = performance.now();
        try {
          const answer = await post(
            api,
            token,
            `/documents/${doc.id}/record-revision`,
            { summary: `Sửa lần ${n}` },
            doc.revision,
          );
          doc.revision = answer.revision;
          latencies.push(performance.now() - t0);
        } catch {
          failed++;
        }
        const wait = interval - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSecondsOf(api.pid) - cpu0;
  const client = process.cpuUsage(client0);
  const requests = Math.max(1, latencies.length + failed);
  return {
    clientCpuMsPerRequest: (client.user + client.system) / 1000 / requests,
    cpuMsPerRequest: (cpu * 1000) / requests,
    ok: latencies.length,
    failed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
