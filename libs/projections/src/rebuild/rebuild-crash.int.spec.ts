// A rebuild across a PostgreSQL crash (`pg_ctl -m immediate restart` of a cluster of this file's
// own, so the shared server is never touched): what the shadow committed survives, rows and
// progress together, and the next run resumes from there (crash recovery would empty an UNLOGGED
// shadow: progress kept without its rows swapped in 15 of 30 documents).
import { randomUUID } from 'node:crypto';
import { createPgEventStore, type PostgresEventStore } from '#event-store';
import {
  startPrivatePostgres,
  type PrivatePostgres,
} from '../../../../test/reliability/support/private-postgres.js';
import { freePort } from '../../../../test/reliability/support/processes.js';
import { documentHistoryProjection } from '../document-history/document-history.projection.js';
import { documentStatusProjection } from '../document-status/document-status.projection.js';
import { assigned, revised } from '../testing/draft-events.js';
import { readModelDigest } from '../testing/read-model-digest.js';
import { rebuildProjections } from './rebuild.js';

const PROJECTIONS = [documentStatusProjection, documentHistoryProjection];
const SCHEMA = 'crash';
const DOCUMENTS = 30;
const EVENTS_EACH = 4;

let server: PrivatePostgres;
let store: PostgresEventStore | undefined;

beforeAll(async () => {
  server = await startPrivatePostgres(await freePort());
}, 60_000);
afterAll(async () => {
  await store?.close();
  await server?.destroy();
});

const connect = async () => (store = await createPgEventStore({ url: server.url, schema: SCHEMA, max: 6 }));

it('a crash in the middle of the stream pass: the next run resumes where the shadow stopped and swaps in every row, with its indexes', async () => {
  const events = await connect();
  for (let d = 0; d < DOCUMENTS; d++) {
    const id = randomUUID();
    await events.append(
      `draft-${id}`,
      [assigned(id), ...Array.from({ length: EVENTS_EACH - 1 }, (_, i) => revised(i))],
      { expectedRevision: 'no-stream' },
    );
  }
  // Part of the stream pass, committed page by page; then the server crashes.
  const abort = new AbortController();
  const interrupted = await rebuildProjections({
    store: events,
    sql: events.sql,
    projections: PROJECTIONS,
    pageSize: 20,
    signal: abort.signal,
    onProgress: (p) => {
      if (p.applied >= 60) abort.abort();
    },
  });
  expect(interrupted).toMatchObject({ aborted: true, applied: 60 });
  await events.close();
  store = undefined;
  await server.restartImmediate();

  const after = await connect();
  const resumed = await rebuildProjections({
    store: after,
    sql: after.sql,
    projections: PROJECTIONS,
    pageSize: 20,
  });
  expect(resumed).toMatchObject({
    aborted: false,
    resumed: ['document_status', 'document_history'],
    swapped: ['document_status', 'document_history'],
  });
  expect(resumed.applied).toBe(DOCUMENTS * EVENTS_EACH - 60); // resumed, not started again
  const got = await readModelDigest(after.sql);
  expect(got.status.n).toBe(DOCUMENTS);
  expect(got.history.n).toBe(DOCUMENTS * EVENTS_EACH);
  // The same rows as a rebuild that nothing interrupted.
  const again = await rebuildProjections({
    store: after,
    sql: after.sql,
    projections: PROJECTIONS,
    pageSize: 500,
    fresh: true,
  });
  expect(again).toMatchObject({ aborted: false });
  expect(await readModelDigest(after.sql)).toEqual(got);
  const [{ indexes }] = await after.sql.query<{ indexes: string[] }>(
    `SELECT ARRAY(SELECT indexname::text FROM pg_indexes WHERE schemaname = $1 AND tablename = 'document_history'
                  ORDER BY 1) AS indexes`,
    [SCHEMA],
  );
  expect(indexes).toEqual([
    'document_history_order',
    'document_history_pkey',
    'document_history_stream_revision',
  ]);
});
