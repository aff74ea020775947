import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEventStore, type ConfiguredEventStore, type Position, type SqlClient } from '#event-store';
import {
  documentHistoryProjection,
  documentStatusProjection,
  inProcessLocks,
  ReadModels,
} from '#projections';
import { appendAsCommand, assigned, revised } from '#projections/testing';
import { exportToFile, importFromFile, parseTransferArgs, UsageError } from './store-transfer.js';

// Issue 8 item 10: `npm run store:export` from the embedded store and `npm run store:import`
// into PostgreSQL move events, read models and checkpoints; the projections go on from the
// imported checkpoints without replaying anything.

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cli_transfer_${randomBytes(6).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'draftline-transfer-'));
const projections = [documentStatusProjection, documentHistoryProjection];

afterAll(async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the projections until they have passed `position`, then stops them. */
async function project(store: ConfiguredEventStore, position: Position): Promise<void> {
  const readModels = new ReadModels({
    store,
    sql: store.sql as SqlClient,
    locks: inProcessLocks,
    projections,
    run: true,
  });
  await readModels.start();
  try {
    expect(await readModels.waitForPosition(position, 20_000)).toBe(true);
  } finally {
    await readModels.stop();
  }
}

const readSide = async (sql: SqlClient) => ({
  checkpoints: await sql.query(
    'SELECT name, commit::text AS commit, prepare::text AS prepare FROM projection_checkpoints ORDER BY name',
  ),
  status: await sql.query('SELECT id::text AS id, state::text AS state FROM document_status ORDER BY id'),
  history: await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM document_history'),
});

const lastPosition = async (store: ConfiguredEventStore, documentId: string) => {
  const events = await store.readStream(`draft-${documentId}`);
  return events[events.length - 1].position;
};

describe('npm run store:export / store:import', () => {
  it('moves an embedded store to PostgreSQL with its read models, and projections go on from their checkpoints', async () => {
    const source = `pglite://${join(dir, 'events')}`;
    const target = `${DATABASE_URL}?schema=${schema}`;
    const documents = [randomUUID(), randomUUID(), randomUUID()];
    const embedded = await createEventStore(source);
    let before: Awaited<ReturnType<typeof readSide>>;
    try {
      for (const id of documents) await appendAsCommand(embedded, id, [assigned(id), revised(0), revised(1)]);
      await project(embedded, await lastPosition(embedded, documents[2]));
      before = await readSide(embedded.sql as SqlClient);
    } finally {
      await embedded.close();
    }
    expect(before.status).toHaveLength(3);

    const file = join(dir, 'store.ndjson.gz');
    const exported = await exportToFile({ file, store: source, quiet: true });
    expect(exported).toMatchObject({ events: 9, streams: 3, projection_checkpoints: 2 });
    const imported = await importFromFile({ file, store: target, quiet: true });
    expect(imported).toEqual(exported);

    const server = await createEventStore(target);
    try {
      expect(await readSide(server.sql as SqlClient)).toEqual(before);
      // One more event: the projections pick up exactly that one, from the imported checkpoints.
      // A replay from zero would rewrite the marked row of a document the event does not touch.
      const sql = server.sql as SqlClient;
      const mark = `UPDATE document_status SET state = jsonb_set(state, '{title}', '"untouched"') WHERE id = $1::uuid`;
      await sql.query(mark, [documents[1]]);
      await appendAsCommand(server, documents[0], [revised(2)]);
      await project(server, await lastPosition(server, documents[0]));
      const after = await readSide(sql);
      expect(after.history).toEqual([{ n: before.history[0].n + 1 }]);
      const [marked] = await sql.query<{ title: string }>(
        `SELECT state->>'title' AS title FROM document_status WHERE id = $1::uuid`,
        [documents[1]],
      );
      expect(marked.title).toBe('untouched');
    } finally {
      await server.close();
    }
    await expect(importFromFile({ file, store: target, quiet: true })).rejects.toThrow(/not empty/);
  });

  it('says how it is used', () => {
    expect(parseTransferArgs(['out.ndjson', '--store=pglite://x', '--quiet'], 'usage')).toEqual({
      file: 'out.ndjson',
      store: 'pglite://x',
      readModels: undefined,
      quiet: true,
    });
    expect(() => parseTransferArgs([], 'usage')).toThrow(UsageError);
    expect(() => parseTransferArgs(['a', '--force'], 'usage')).toThrow(/unknown option --force/);
    expect(() => parseTransferArgs(['a', '--store'], 'usage')).toThrow(/lacks its URL/);
  });
});
