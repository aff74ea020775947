// P9 (PERFORMANCE.md, issue 13): every sort and filter of the status list, on 100,000 documents
// with real statistics, is planned without a sequential scan of document_status. The rows are
// synthetic (INSERT … SELECT), spread as the benchmark's: 20 agencies, three kinds, every stage,
// seven years, planned months, distinct titles, update times over a year.
import { randomBytes } from 'node:crypto';
import { DOCUMENT_KINDS, ORIGINS, STAGES, type Actor } from '#drafting';
import { PgClient, type SqlClient } from '#event-store';
import { documentStatusProjection, migrate } from '#projections';
import { buildListQuery, SORTS, type ListFilters, type SortName } from './list-documents.sql.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `list_plans_${randomBytes(6).toString('hex')}`;
const DOCS = 100_000;
const CHUNK = 10_000;
let sql: SqlClient;

beforeAll(async () => {
  sql = await PgClient.connect({ url, schema, max: 2 });
  await migrate(sql, [documentStatusProjection]);
  const kinds = `(ARRAY[${DOCUMENT_KINDS.map((k) => `'${k}'`).join(', ')}])`;
  const stages = `(ARRAY[${STAGES.map((s) => `'${s}'`).join(', ')}])`;
  // In chunks: one statement of 100,000 rows is a transaction of seconds, and an open transaction
  // holds back every global-order read on the server, other test files' included.
  for (let from = 1; from <= DOCS; from += CHUNK)
    await sql.query(
      `INSERT INTO document_status (id, kind, agency, title, title_folded, stage, procedure, origin, year,
       planned_month, ever_sent_for_appraisal, assigned_on, revision, last_commit, last_prepare, state,
       updated_at, regime)
     SELECT md5('doc-' || d)::uuid, ${kinds}[1 + d % ${DOCUMENT_KINDS.length}], 'agency-' || (d % 20),
            'Dự thảo quyết định số ' || d, 'du thao quyet dinh so ' || d,
            ${stages}[1 + (d / 7) % ${STAGES.length}], 'standard',
            CASE WHEN d % 3 = 0 THEN 'additional' ELSE 'programme' END, 2019 + d % 7,
            CASE WHEN d % 3 = 0 THEN NULL ELSE (2019 + d % 7) || '-' || lpad((1 + d % 12)::text, 2, '0') END,
            d % 4 = 0, DATE '2019-01-07' + d % 300, d % 12, d, 0, '{}'::jsonb,
            timestamptz '2019-01-07 02:00Z' + d * interval '5 minutes', '2021'
       FROM generate_series(${from}, ${Math.min(DOCS, from + CHUNK - 1)}) AS d`,
    );
  await sql.query('ANALYZE document_status');
}, 120_000);

afterAll(async () => {
  await sql?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql?.close();
});

const actors: Record<string, Actor> = {
  committee_office: { userId: 'o', agency: 'vp-ubnd', roles: ['committee_office'] },
  drafter: { userId: 'd', agency: 'agency-3', roles: ['drafter'] },
  appraiser: { userId: 'a', agency: 'so-tu-phap', roles: ['appraiser'] },
  council_office: { userId: 'c', agency: 'vp-hdnd', roles: ['council_office'] },
};

const filters: Record<string, Omit<ListFilters, 'sort' | 'limit'>> = {
  none: {},
  agency: { agency: 'agency-7' },
  kind: { kind: 'council_resolution' },
  stage: { stage: 'revising' },
  origin: { origin: ORIGINS[1] },
  year: { year: 2021 },
  overdue: { overdue: true },
  'not overdue': { overdue: false },
  q: { q: 'quyet dinh so 12' },
  'stage and kind': { stage: 'revising', kind: 'council_resolution' },
};

/** The plan's node types and the relations they scan, flattened. */
function nodes(plan: unknown): Array<{ type: string; relation?: string }> {
  const out: Array<{ type: string; relation?: string }> = [];
  const walk = (n: Record<string, unknown>) => {
    out.push({ type: String(n['Node Type']), relation: n['Relation Name'] as string | undefined });
    for (const child of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((plan as Array<{ Plan: Record<string, unknown> }>)[0].Plan);
  return out;
}

const explain = async (f: ListFilters, actor: Actor) => {
  const { text, params } = buildListQuery(f, actor, '2022-06');
  const [row] = await sql.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
  const plan = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'];
  return nodes(plan);
};

describe('the status list on 100,000 documents: no sequential scan for any sort or filter', () => {
  const cursorKey: Record<SortName, string> = {
    updatedAt: '2019-06-01T00:00:00.000000Z',
    '-updatedAt': '2019-06-01T00:00:00.000000Z',
    title: 'Dự thảo quyết định số 5',
    '-title': 'Dự thảo quyết định số 5',
    plannedMonth: '2021-06',
    '-plannedMonth': '2021-06',
  };
  for (const sort of Object.keys(SORTS) as SortName[])
    it(`sort ${sort}`, async () => {
      const seqScans: string[] = [];
      for (const [who, actor] of Object.entries(actors))
        for (const [name, filter] of Object.entries(filters))
          for (const withCursor of [false, true]) {
            const cursor = withCursor
              ? { sort, key: cursorKey[sort], id: '00000000-0000-4000-8000-000000000000' }
              : undefined;
            const plan = await explain({ ...filter, sort, limit: 50, cursor }, actor);
            if (plan.some((n) => n.type === 'Seq Scan' && n.relation === 'document_status'))
              seqScans.push(`${who}, ${name}${withCursor ? ', next page' : ''}`);
          }
      expect(seqScans).toEqual([]);
    });
});
