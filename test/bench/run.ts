import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgEventStore } from '#event-store';
import { startApiProcess } from './api-process.js';
import { bareDocuments, startBareHttp } from './bare-http.js';
import { bareContendedLoad, bareInsertLoad } from './bare-insert.js';
import { durableInsertBaseline } from './baseline.js';
import { deadlinesBench } from './deadlines.js';
import { prepareDocuments, runLoad, type LoadResult } from './http-load.js';
import { DATABASE_URL, fmt, loadLine, machine, machineInfo, printTable, type Row } from './machine.js';
import { readSideBench } from './read-side.js';
import { appendLoad, contendedLoad } from './store-load.js';
import { webBench } from './web.js';

// `npm run bench` — P1–P11 of PERFORMANCE.md, each figure beside its bare baseline measured in
// this same run, the ratio, the goal and whether it is met.
//
//   npm run bench                  everything (about 10 minutes on two cores)
//   npm run bench -- P1 P6         only these measures (P4, P5 and P9 share one data set; P0 is
//                                  pgbench's durable INSERT, the machine's own limit, for context)
//   npm run bench -- --json        the same rows as one JSON document on stdout (progress: stderr)
//
// BENCH_SECONDS sets each load phase's length (default 10); read-side.ts and deadlines.ts name
// their own sizes (BENCH_EVENTS, BENCH_DOCS, BENCH_REMINDERS, …). The bare ceilings run alone too:
// bare-insert.js (P2, P3), bare-http.js (P1), read-side.js (P4's raw read), deadlines.js (raw BullMQ).
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Rounds of baseline-then-subject where both run side by side (P1). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ALL = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11'];
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
/**
 * Runs one group of measures; if it fails, says so in a row per measure and the run goes on
 * (a table with the rest beats no table).
 */
async function group(rows: Row[], ids: string[], fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`… ${ids.join(', ')} failed: ${error instanceof Error ? error.stack : message}\n`);
    for (const id of ids)
      if (!rows.some((r) => r.id === id))
        rows.push({
          id,
          measure: 'failed',
          figure: message.slice(0, 120),
          baseline: '—',
          ratio: '—',
          goal: '—',
          met: false,
        });
  }
}

/** The rounds' mean of each figure (failures summed). */
function mean(results: readonly LoadResult[]): LoadResult {
  const avg = (f: (r: LoadResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  return {
    ok: results.reduce((s, r) => s + r.ok, 0),
    failed: results.reduce((s, r) => s + r.failed, 0),
    perSecond: avg((r) => r.perSecond),
    p50: avg((r) => r.p50),
    p99: avg((r) => r.p99),
    cpuMsPerRequest: avg((r) => r.cpuMsPerRequest),
    clientCpuMsPerRequest: avg((r) => r.clientCpuMsPerRequest),
  };
}

function parseArgs(argv: readonly string[]) {
  const json = argv.includes('--json');
  const ids = argv.filter((a) => a !== '--json').map((a) => a.toUpperCase());
  const unknown = ids.filter((id) => !ALL.includes(id));
  if (unknown.length > 0) throw new Error(`unknown measure ${unknown.join(', ')}: one of ${ALL.join(' ')}`);
  const wanted = new Set(ids.length > 0 ? ids : ALL);
  return { json, wanted, want: (...of: string[]) => of.some((id) => wanted.has(id)) };
}

async function main(): Promise<void> {
  const { json, wanted, want } = parseArgs(process.argv.slice(2));
  const schema = `bench_${process.pid}`;
  const psql = (sql: string) => execFileSync('psql', [DATABASE_URL, '-qtAc', sql], { stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'draftline-bench-'));
  const rows: Row[] = [];
  const loadBefore = loadavg();
  const startedAt = new Date().toISOString();
  let halfLoad: number | undefined; // P1's half load: P5 offers the same
  try {
    if (want('P0'))
      await group(rows, ['P0'], async () => {
        step(`P0: pgbench durable single-row INSERT, 8 clients, ${SECONDS}s (the machine's limit)`);
        const tps = durableInsertBaseline(8, SECONDS);
        rows.push({
          id: 'P0',
          measure: 'pgbench durable INSERT, 8 clients (context)',
          figure: `${fmt(tps)} commits/s`,
          baseline: '—',
          ratio: '—',
          goal: '—',
          value: tps,
          unit: 'commits/s',
        });
      });

    if (want('P2', 'P3'))
      await group(rows, ['P2', 'P3'], async () => {
        const store = await createPgEventStore({ url: DATABASE_URL, schema });
        try {
          if (want('P2')) {
            step(`P2 baseline: bare Node pg INSERT of the event row, 10 writers, ${SECONDS}s`);
            const bare = await bareInsertLoad(10, SECONDS);
            step('P2: store append alone, 10 writers');
            const p2 = await appendLoad(store, 10, SECONDS);
            rows.push({
              id: 'P2',
              measure: 'store append, 10 writers',
              figure: `${fmt(p2.perSecond)} appends/s (p99 ${fmt(p2.p99, 1)} ms)`,
              baseline: `${fmt(bare.perSecond)}/s (bare pg INSERT, p99 ${fmt(bare.p99, 1)} ms)`,
              ratio: ratio(p2.perSecond, bare.perSecond),
              goal: '≥ 0.9×',
              met: p2.perSecond >= 0.9 * bare.perSecond,
              value: p2.perSecond,
              unit: 'appends/s',
              baselineValue: bare.perSecond,
            });
          }
          if (want('P3')) {
            step('P3 baseline: bare pg INSERT, ten writers on one stream');
            const bare = await bareContendedLoad(10, SECONDS);
            step('P3: store, ten writers on one stream');
            const p3 = await contendedLoad(store, 10, SECONDS);
            rows.push({
              id: 'P3',
              measure: 'ten writers, one document',
              figure: `${fmt(p3.perSecond)} appends/s; ${fmt(p3.conflicts)} conflicts answered; ${p3.lost} lost`,
              baseline: `${fmt(bare.perSecond)}/s (bare pg INSERT, ${fmt(bare.conflicts)} conflicts)`,
              ratio: ratio(p3.perSecond, bare.perSecond),
              goal: '≥ 0.8×, none lost',
              met: p3.perSecond >= 0.8 * bare.perSecond && p3.lost === 0,
              value: p3.perSecond,
              unit: 'appends/s',
              baselineValue: bare.perSecond,
            });
          }
        } finally {
          await store.close();
        }
      });

    if (want('P1', 'P5'))
      await group(rows, ['P1'], async () => {
        // Both servers up at once (an idle one costs nothing), then measured in turn, A B A B, each
        // after a warm-up: the machine is shared and drifts.
        step('P1: the bare node:http server (JWT verify + one INSERT) and the API, each in its own process');
        const bareServer = await startBareHttp(3903);
        const api = await startApiProcess(`${DATABASE_URL}?schema=${schema}`, 3901, dataDir);
        try {
          const bareDocs = bareDocuments(800);
          const docs = await prepareDocuments(api, 800);
          await runLoad(bareServer, bareDocs, 16, WARMUP);
          await runLoad(api, docs, 16, WARMUP);
          const bare: LoadResult[] = [];
          const full: LoadResult[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            step(`P1 round ${round + 1}/${ROUNDS}: bare server, then the API, 16 clients, ${SECONDS}s each`);
            bare.push(await runLoad(bareServer, bareDocs, 16, SECONDS));
            full.push(await runLoad(api, docs, 16, SECONDS));
          }
          const [b, f] = [mean(bare), mean(full)];
          step(`P1: p99 at half load (${fmt(f.perSecond / 2)}/s)`);
          const half = await runLoad(api, docs, 16, SECONDS, f.perSecond / 2);
          halfLoad = half.perSecond;
          rows.push({
            id: 'P1',
            measure: 'HTTP commands, 16 clients',
            figure: `${fmt(f.perSecond)} commands/s (${f.failed} failed; ${fmt(f.cpuMsPerRequest, 2)} ms CPU each)`,
            baseline: `${fmt(b.perSecond)}/s (bare node:http JWT + INSERT; ${fmt(b.cpuMsPerRequest, 2)} ms CPU each)`,
            ratio: ratio(f.perSecond, b.perSecond),
            goal: '≥ 0.7×',
            met: f.perSecond >= 0.7 * b.perSecond && f.failed === 0,
            value: f.perSecond,
            unit: 'commands/s',
            baselineValue: b.perSecond,
            rounds: full.map((r, i) => ({ value: r.perSecond, baseline: bare[i].perSecond })),
            notes: `load generator CPU ${fmt(f.clientCpuMsPerRequest, 2)} ms a request`,
          });
          rows.push({
            id: 'P1',
            measure: `p99 at half load (${fmt(half.perSecond)}/s)`,
            figure: `${fmt(half.p99, 1)} ms (p50 ${fmt(half.p50, 1)})`,
            baseline: '—',
            ratio: '—',
            goal: '≤ 25 ms',
            met: half.p99 <= 25,
            value: half.p99,
            unit: 'ms',
          });
        } finally {
          await api.stop();
          await bareServer.stop();
        }
      });

    if (want('P10'))
      await group(rows, ['P10'], async () => {
        step('P10: commands over HTTP on the embedded store (PGlite)');
        const embedded = await startApiProcess(`pglite://${join(dataDir, 'events')}`, 3902, dataDir);
        try {
          const docs = await prepareDocuments(embedded, 160);
          const load = await runLoad(embedded, docs, 16, SECONDS);
          rows.push({
            id: 'P10',
            measure: 'HTTP commands, embedded PGlite',
            figure: `${fmt(load.perSecond)} commands/s (p99 ${fmt(load.p99, 1)} ms, ${load.failed} failed; ${fmt(load.cpuMsPerRequest, 2)} ms CPU each)`,
            baseline: '—',
            ratio: '—',
            goal: '≥ 300/s',
            met: load.perSecond >= 300 && load.failed === 0,
            value: load.perSecond,
            unit: 'commands/s',
          });
        } finally {
          await embedded.stop();
        }
      });

    if (want('P4', 'P5', 'P9'))
      await group(rows, ['P4', 'P5', 'P9'], async () => {
        step('P4, P5, P9: the read side (BENCH_EVENTS events of BENCH_DOCS documents)');
        const appendsPerSecond = halfLoad ?? Number(process.env.BENCH_P5_RATE ?? 1500);
        rows.push(...(await readSideBench({ appendsPerSecond, seconds: SECONDS, wanted })));
      });

    if (want('P6', 'P7', 'P8'))
      await group(rows, ['P6', 'P7', 'P8'], async () => {
        step('P6, P7, P8: deadlines (BENCH_REMINDERS reminders, BENCH_CLOCKS clocks reconciled)');
        rows.push(...(await deadlinesBench(wanted)));
      });

    if (want('P11'))
      await group(rows, ['P11'], async () => {
        step('P11: the web interface on the embedded default with the 2019 demo');
        rows.push(...(await webBench()));
      });
  } finally {
    psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const selected = rows.filter((r) => wanted.has(r.id));
  if (json) {
    const doc = {
      startedAt,
      endedAt: new Date().toISOString(),
      machine: machineInfo(),
      shared: 'the machine may be shared: compare ratios, not figures, across runs',
      loadAverageBefore: loadBefore.map((n) => Number(n.toFixed(2))),
      phaseSeconds: SECONDS,
      rows: selected,
    };
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  console.log(machine());
  console.log(
    `${loadLine()} (before: ${loadBefore.map((n) => n.toFixed(2)).join(' ')}); phase length: ${SECONDS}s`,
  );
  printTable(selected);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
