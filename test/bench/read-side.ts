import { createHash, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Actor } from '#drafting';
import {
  comparePositions,
  createPgEventStore,
  START,
  type NewEvent,
  type Position,
  type PostgresEventStore,
} from '#event-store';
import {
  documentHistoryProjection,
  documentStatusProjection,
  inProcessLocks,
  ReadModels,
  rebuildProjections,
} from '#projections';
import { buildListQuery, type ListFilters } from '../../apps/api/src/read-side/list-documents.sql.js';
import { DATABASE_URL, machine, percentile, printTable, type Row } from './machine.js';

// The read side's figures (PERFORMANCE.md P4, P5, P9) on BENCH_EVENTS events (default 1,000,000)
// of BENCH_DOCS documents (default 100,000). Called from run.ts; `node dist/test/bench/read-side.js`
// runs it alone (P5's rate then comes from BENCH_P5_RATE, default 1,500 appends/s).

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const PAGE = 2000;
const AGENCIES = 20;
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const PROJECTIONS = [documentStatusProjection, documentHistoryProjection];

export interface ReadSideOptions {
  /** P5's offered load: half of what P1 measured in the same run. */
  readonly appendsPerSecond: number;
  readonly seconds: number;
  /** The measures wanted (P4, P5, P9); all when absent. */
  readonly wanted?: ReadonlySet<string>;
}

export async function readSideBench(o: ReadSideOptions): Promise<Row[]> {
  const schema = `bench_rs_${process.pid}`;
  const store = await createPgEventStore({ url: DATABASE_URL, schema, max: 12 });
  const rows: Row[] = [];
  try {
    step(`read side: ${fmt(EVENTS)} events of ${fmt(DOCS)} documents, bulk-inserted`);
    const loaded = await loadEvents(store);
    step(`  ${fmt(loaded.events)} events in ${fmt(loaded.seconds, 1)}s`);

    const want = (id: string) => !o.wanted || o.wanted.has(id);
    // The rebuild also makes the read models P5 and P9 read.
    const raw = want('P4')
      ? (step('P4 baseline: raw keyset read of the events table, pages of 1,000'), await rawRead(store))
      : undefined;
    step('P4: rebuild of document_status and document_history from zero');
    const rebuild = await timedRebuild(store);
    const perSecond = rebuild.events / rebuild.seconds;
    if (raw)
      rows.push({
        id: 'P4',
        measure: `rebuild from zero, status + history, ${fmt(rebuild.events)} events`,
        figure: `${fmt(perSecond)} events/s in ${fmt(rebuild.seconds, 1)}s; peak RSS ${fmt(rebuild.peakRss / 2 ** 20)} MB`,
        baseline: `${fmt(raw.perSecond)} rows/s (keyset read, pages of 1,000)`,
        ratio: `${(perSecond / raw.perSecond).toFixed(2)}×`,
        goal: `≥ 0.4×, ≤ 500 MB RSS at 100k documents`,
        met: perSecond >= 0.4 * raw.perSecond && rebuild.peakRss <= 500 * 2 ** 20,
        value: perSecond,
        unit: 'events/s',
        baselineValue: raw.perSecond,
      });

    if (!want('P5') && !want('P9')) return rows;
    if (want('P5')) {
      step(`P5: projection lag at ${fmt(o.appendsPerSecond)} appends/s, ${o.seconds}s`);
      const lag = await projectionLag(store, o.appendsPerSecond, o.seconds);
      rows.push({
        id: 'P5',
        measure: `lag append → status row, ${fmt(lag.perSecond)} appends/s`,
        figure: `p99 ${fmt(lag.p99, 1)} ms (p50 ${fmt(lag.p50, 1)}, ${fmt(lag.samples)} appends)`,
        baseline: '—',
        ratio: '—',
        goal: 'p99 ≤ 100 ms',
        met: lag.p99 <= 100,
        value: lag.p99,
        unit: 'ms',
      });
    }
    if (!want('P9')) return rows;

    step('P9: status list pages and document histories');
    const queries = await queryLatency(store);
    rows.push({
      id: 'P9',
      measure: `status list page (50 rows), ${fmt(DOCS)} docs`,
      figure: `p99 ${fmt(queries.list.p99, 2)} ms (p50 ${fmt(queries.list.p50, 2)}; slowest variant p99 ${fmt(queries.worstVariant, 2)})`,
      baseline: '—',
      ratio: '—',
      goal: 'p99 ≤ 20 ms',
      met: queries.list.p99 <= 20,
      value: queries.list.p99,
      unit: 'ms',
    });
    rows.push({
      id: 'P9',
      measure: `one document's history, ${fmt(EVENTS)} events`,
      figure: `p99 ${fmt(queries.history.p99, 2)} ms (p50 ${fmt(queries.history.p50, 2)})`,
      baseline: '—',
      ratio: '—',
      goal: 'p99 ≤ 10 ms',
      met: queries.history.p99 <= 10,
      value: queries.history.p99,
      unit: 'ms',
    });
  } finally {
    await store.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  }
  return rows;
}

/** A bench document's id, in SQL and (the same value) in JS. */
const docId = (d: number | string) => `md5('bench-doc-' || ${d})::uuid`;
const docUuid = (d: number): string =>
  createHash('md5')
    .update(`bench-doc-${d}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/**
 * BENCH_EVENTS events straight into the store's tables with INSERT … SELECT (no hash chain: the
 * projections do not read it), round by round so documents interleave in the global order as
 * live ones do: round r holds event r of every document, in chunks of 50,000 (one transaction
 * each). Round 0 assigns, round 1 starts drafting, later rounds revise.
 */
export async function loadEvents(store: PostgresEventStore): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const perDoc = Math.max(1, Math.round(EVENTS / DOCS));
  const chunk = 50_000;
  for (let r = 0; r < perDoc; r++) {
    for (let first = 0; first < DOCS; first += chunk) {
      const last = Math.min(DOCS, first + chunk) - 1;
      const data =
        r === 0
          ? `jsonb_build_object('documentId', ${docId('d')}::text, 'kind',
               CASE WHEN d % 5 = 0 THEN 'council_resolution' ELSE 'committee_decision' END,
               'title', 'Dự thảo quyết định số ' || d, 'agency', 'agency-' || (d % ${AGENCIES}),
               'procedure', 'standard', 'origin', 'programme', 'year', 2019 + d % 7,
               'plannedMonth', (2019 + d % 7) || '-' || lpad((1 + d % 12)::text, 2, '0'))`
          : r === 1
            ? `'{}'::jsonb`
            : `jsonb_build_object('revision', ${r - 1}, 'summary', 'Chỉnh lý lần ${r - 1}', 'reason', 'Góp ý của các sở')`;
      const type = r === 0 ? 'DraftAssigned' : r === 1 ? 'DraftingStarted' : 'DraftRevised';
      await store.sql.query(
        `INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
         SELECT 'draft-' || ${docId('d')}, ${r}, gen_random_uuid(), '${type}', ${data},
                jsonb_build_object('actor', jsonb_build_object('userId', 'u-' || (d % 500), 'role', 'drafter',
                  'agency', 'agency-' || (d % ${AGENCIES})), 'correlationId', gen_random_uuid(),
                  'causationId', gen_random_uuid(), 'commandId', gen_random_uuid(), 'schemaVersion', 1,
                  'occurredAt', to_char(timestamp '2019-01-07 02:00' + (d % 300) * interval '1 day'
                    + ${r} * interval '3 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                now(), md5(d::text || '-' || ${r}), NULL
           FROM generate_series(${first}, ${last}) AS d`,
      );
    }
  }
  await store.sql.query(
    `INSERT INTO streams (stream_id, revision)
     SELECT 'draft-' || ${docId('d')}, ${perDoc - 1} FROM generate_series(0, ${DOCS - 1}) AS d`,
  );
  // Hint bits and statistics now, so neither the baseline nor the rebuild pays for them.
  await store.sql.query('VACUUM ANALYZE events');
  await store.sql.query('VACUUM ANALYZE streams');
  return { events: perDoc * DOCS, seconds: (performance.now() - started) / 1000 };
}

/** The baseline: every event read through the store's own keyset query, 1,000 at a time. */
export async function rawRead(store: PostgresEventStore): Promise<{ rows: number; perSecond: number }> {
  const started = performance.now();
  let after: Position = START;
  let rows = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    if (page.length === 0) break;
    rows += page.length;
    after = page[page.length - 1].position;
  }
  return { rows, perSecond: rows / ((performance.now() - started) / 1000) };
}

async function timedRebuild(store: PostgresEventStore) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  let lastReport = 0;
  try {
    const result = await rebuildProjections({
      store,
      sql: store.sql,
      projections: PROJECTIONS,
      pageSize: PAGE,
      log: (m) => step(`  ${m}`),
      onProgress: ({ applied }) => {
        if (applied - lastReport >= 200_000) {
          lastReport = applied;
          step(`  ${fmt(applied)} events`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { events: result.applied, seconds, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

const revision = (r: number): NewEvent => ({
  id: randomUUID(),
  type: 'DraftRevised',
  data: { revision: r, summary: `Chỉnh lý lần ${r}`, reason: 'benchmark' },
  metadata: {
    actor: { userId: 'bench', role: 'drafter', agency: 'agency-1' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
  },
});

/**
 * P5: 16 paced writers append revisions to the bench's documents while the runners work in this
 * process (as the API hosts them in embedded mode); an append's lag is from its commit to the
 * commit of the document_status batch that holds it (the runner's progress callback).
 */
async function projectionLag(store: PostgresEventStore, rate: number, seconds: number) {
  const readModels = new ReadModels({
    store,
    sql: store.sql,
    locks: inProcessLocks,
    projections: PROJECTIONS,
    run: true,
  });
  await readModels.start();
  const status = readModels.hosted.find((r) => r.name === documentStatusProjection.name)!;
  const pending: Array<{ position: Position; at: number }> = [];
  const lags: number[] = [];
  const unsubscribe = status.onProgress(() => {
    const checkpoint = status.snapshot().checkpoint;
    if (!checkpoint) return;
    const now = performance.now();
    for (let i = pending.length - 1; i >= 0; i--) {
      if (comparePositions(pending[i].position, checkpoint) <= 0) {
        lags.push(now - pending[i].at);
        pending.splice(i, 1);
      }
    }
  });
  const perDoc = Math.max(1, Math.round(EVENTS / DOCS));
  const revisions = new Map<number, number>();
  const clients = 16;
  const interval = (clients / rate) * 1000;
  let appended = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const t0 = performance.now();
          const d = (c + n * clients) % DOCS;
          const current = revisions.get(d) ?? perDoc - 1;
          const id = docUuid(d);
          const result = await store.append(`draft-${id}`, [revision(current)], {
            expectedRevision: current,
          });
          pending.push({ position: result.position, at: performance.now() });
          revisions.set(d, result.revision);
          appended++;
          const wait = interval - (performance.now() - t0);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const until = performance.now() + 5000;
    while (pending.length > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
    return {
      perSecond: appended / elapsed,
      samples: lags.length,
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
    };
  } finally {
    unsubscribe();
    await readModels.stop();
  }
}

/**
 * P9: the API's own list query (buildListQuery) for a few callers and filters, first pages and
 * next pages; and the history handler's two statements for random documents.
 */
async function queryLatency(store: PostgresEventStore) {
  const office: Actor = { userId: 'o', agency: 'vp-ubnd', roles: ['committee_office'] };
  const drafter = (a: number): Actor => ({ userId: 'd', agency: `agency-${a}`, roles: ['drafter'] });
  const variants: Array<{ actor: Actor; filters: ListFilters }> = [
    { actor: office, filters: { sort: '-updatedAt', limit: 50 } },
    { actor: office, filters: { sort: 'title', limit: 50, year: 2021 } },
    {
      actor: office,
      filters: { sort: '-updatedAt', limit: 50, stage: 'revising', kind: 'council_resolution' },
    },
    { actor: office, filters: { sort: 'plannedMonth', limit: 50, overdue: true } },
    { actor: drafter(3), filters: { sort: '-updatedAt', limit: 50 } },
    { actor: drafter(7), filters: { sort: 'title', limit: 50, q: 'quyet dinh so 12' } },
  ];
  const month = new Date().toISOString().slice(0, 7);
  const list: number[] = [];
  const history: number[] = [];
  const perVariant = variants.map(() => [] as number[]);
  // Warm-up, then measured rounds.
  for (let round = 0; round < 60; round++) {
    for (const [v, { actor, filters }] of variants.entries()) {
      const { text, params } = buildListQuery(filters, actor, month);
      const t0 = performance.now();
      await store.sql.query(text, params);
      if (round >= 10) {
        list.push(performance.now() - t0);
        perVariant[v].push(performance.now() - t0);
      }
    }
  }
  // Which filter is slow, when the page's p99 misses (stderr: the table stays one row).
  for (const [v, samples] of perVariant.entries()) {
    process.stderr.write(
      `… P9 list ${JSON.stringify(variants[v].filters)}: p99 ${percentile(samples, 99).toFixed(1)} ms\n`,
    );
  }
  for (let i = 0; i < 600; i++) {
    const d = Math.floor(Math.random() * DOCS);
    const id = docUuid(d);
    const t0 = performance.now();
    await store.sql.query('SELECT state FROM document_status WHERE id = $1::uuid', [id]);
    await store.sql.query(
      `SELECT revision, event_id::text AS "eventId", type, actor_user, actor_role, actor_agency,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt",
              reason, changed, commit::text || '-' || prepare::text AS position
         FROM document_history WHERE document_id = $1::uuid ORDER BY revision`,
      [id],
    );
    if (i >= 100) history.push(performance.now() - t0);
  }
  return {
    worstVariant: Math.max(...perVariant.map((samples) => percentile(samples, 99))),
    list: { p50: percentile(list, 50), p99: percentile(list, 99) },
    history: { p50: percentile(history, 50), p99: percentile(history, 99) },
  };
}

// Alone: `node dist/test/bench/read-side.js` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const appendsPerSecond = Number(process.env.BENCH_P5_RATE ?? 1500);
  // `node dist/test/bench/read-side.js P4` runs only the measures named.
  const only = process.argv.slice(2).map((a) => a.toUpperCase());
  readSideBench({ appendsPerSecond, seconds, wanted: only.length > 0 ? new Set(only) : undefined })
    .then((rows) => {
      console.log(machine());
      console.log(`data: ${fmt(EVENTS)} events, ${fmt(DOCS)} documents; phase length: ${seconds}s`);
      printTable(rows);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
