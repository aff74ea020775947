import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgEventStore } from '#event-store';
import { startApiProcess } from './api-process.js';
import { durableInsertBaseline } from './baseline.js';
import { deadlinesBench } from './deadlines.js';
import { prepareDocuments, runLoad } from './http-load.js';
import { DATABASE_URL, machine, printTable, type Row } from './machine.js';
import { readSideBench } from './read-side.js';
import { appendLoad, contendedLoad } from './store-load.js';

// `npm run bench` — prints each figure beside the baseline measured in this same run
// (PERFORMANCE.md). BENCH_SECONDS sets each phase's length (default 10).
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function main(): Promise<void> {
  const schema = `bench_${process.pid}`;
  const psql = (sql: string) => execFileSync('psql', [DATABASE_URL, '-qtAc', sql], { stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'draftline-bench-'));
  const rows: Row[] = [];
  let halfLoad: number | undefined; // P1's half load: P5 offers the same
  try {
    step(`baseline: pgbench durable single-row INSERT, 8 clients, ${SECONDS}s`);
    const baseline = durableInsertBaseline(8, SECONDS);
    const base = `${fmt(baseline)} commits/s (pgbench, 8 clients)`;

    step('P2: store append alone, 10 writers');
    const store = await createPgEventStore({ url: DATABASE_URL, schema });
    const p2 = await appendLoad(store, 10, SECONDS);
    rows.push({
      id: 'P2',
      measure: 'store append, 10 writers',
      figure: `${fmt(p2.perSecond)} appends/s (p99 ${fmt(p2.p99, 1)} ms)`,
      baseline: base,
      ratio: ratio(p2.perSecond, baseline),
      goal: '≥ 0.8×',
    });

    step('P3: ten writers on one stream');
    const p3 = await contendedLoad(store, 10, SECONDS);
    rows.push({
      id: 'P3',
      measure: 'ten writers, one document',
      figure: `${fmt(p3.perSecond)} appends/s; ${fmt(p3.conflicts)} conflicts answered; ${p3.lost} lost`,
      baseline: '—',
      ratio: '—',
      goal: '≥ 250/s, none lost',
    });
    await store.close();

    step('P1: commands over HTTP, 16 clients (API in its own process, PostgreSQL)');
    const api = await startApiProcess(`${DATABASE_URL}?schema=${schema}`, 3901, dataDir);
    try {
      const docs = await prepareDocuments(api, 800);
      const full = await runLoad(api, docs, 16, SECONDS);
      const half = await runLoad(api, docs, 16, SECONDS, full.perSecond / 2);
      halfLoad = half.perSecond;
      rows.push({
        id: 'P1',
        measure: 'HTTP commands, 16 clients',
        figure: `${fmt(full.perSecond)} commands/s (${full.failed} failed)`,
        baseline: base,
        ratio: ratio(full.perSecond, baseline),
        goal: '≥ 0.5×',
      });
      rows.push({
        id: 'P1',
        measure: `p99 at half load (${fmt(half.perSecond)}/s)`,
        figure: `${fmt(half.p99, 1)} ms (p50 ${fmt(half.p50, 1)})`,
        baseline: '—',
        ratio: '—',
        goal: '≤ 25 ms',
      });
    } finally {
      await api.stop();
    }

    step('P10: commands over HTTP on the embedded store (PGlite)');
    const embedded = await startApiProcess(`pglite://${join(dataDir, 'events')}`, 3902, dataDir);
    try {
      const docs = await prepareDocuments(embedded, 160);
      const load = await runLoad(embedded, docs, 16, SECONDS);
      rows.push({
        id: 'P10',
        measure: 'HTTP commands, embedded PGlite',
        figure: `${fmt(load.perSecond)} commands/s (p99 ${fmt(load.p99, 1)} ms, ${load.failed} failed)`,
        baseline: base,
        ratio: ratio(load.perSecond, baseline),
        goal: '≥ 300/s',
      });
    } finally {
      await embedded.stop();
    }

    step('P4, P5, P9: the read side (BENCH_EVENTS events of BENCH_DOCS documents)');
    rows.push(...(await readSideBench({ appendsPerSecond: halfLoad ?? 1500, seconds: SECONDS })));

    step('P6, P7, P8: deadlines (BENCH_REMINDERS reminders, BENCH_CLOCKS clocks reconciled)');
    rows.push(...(await deadlinesBench()));
  } finally {
    psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(machine());
  console.log(`phase length: ${SECONDS}s`);
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
