import { randomBytes } from 'node:crypto';
import { commandEvents, readAllOf, uniqueStream } from '../../contract/fixtures.js';
import type { RecordedEvent } from '../../event-store.port.js';
import { comparePositions } from '../../position.js';
import { verifyStream } from '../../verify-stream.js';
import { createPgEventStore, createPgliteEventStore } from '../factories.js';
import type { PostgresEventStore } from '../postgres-event-store.js';
import { exportStore } from './export.js';
import { importStore, ImportRefused } from './import.js';

// Issue 8 item 10: a store moves from PGlite to PostgreSQL (and back) with its positions,
// hashes and read models (checkpoints included) intact, and new events sort after it.

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas = [1, 2].map(() => `es_transfer_${randomBytes(6).toString('hex')}`);
const BIG = '9007199254740993'; // 2^53 + 1: not a JavaScript number

let source: PostgresEventStore;
const streams = [1, 2, 3, 4].map(() => uniqueStream('moved'));
const opened: PostgresEventStore[] = [];
let lines: string[];

const readModelTables = [
  `CREATE TABLE projection_checkpoints (name text PRIMARY KEY, commit bigint NOT NULL, prepare bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE notes (id bigserial PRIMARY KEY, doc text NOT NULL UNIQUE, body jsonb, big bigint,
     score numeric CHECK (score >= 0))`,
  `CREATE INDEX notes_big ON notes (big DESC)`,
];

beforeAll(async () => {
  source = await createPgliteEventStore();
  for (const [i, s] of streams.entries()) {
    await source.append(s, commandEvents(1 + (i % 2)), { expectedRevision: 'no-stream' });
    await source.append(s, commandEvents(3), { expectedRevision: i % 2 });
  }
  for (const statement of readModelTables) await source.sql.query(statement);
  const events = await everything(source);
  const last = events[events.length - 1].position;
  await source.sql.query(
    `INSERT INTO projection_checkpoints (name, commit, prepare) VALUES ('status', $1, $2)`,
    [last.commit.toString(), last.prepare.toString()],
  );
  await source.sql.query(
    `INSERT INTO notes (doc, body, big, score) VALUES
       ('a', '{"n": 12345678901234567890, "x": 1.10, "t": "Quyết định"}', $1::bigint, 1.50), ('b', NULL, NULL, 0)`,
    [BIG],
  );
  lines = [];
  await exportStore({ store: source.sql, write: async (line) => void lines.push(line) });
});

afterAll(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
  const admin = await createPgEventStore({ url, schema: schemas[0] });
  for (const s of schemas) await admin.sql.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.close();
  await source?.close();
});

async function* linesOf(list: readonly string[]) {
  yield* list;
}

const everything = async (store: PostgresEventStore) =>
  (await readAllOf(store, new Set(streams), 18, { limit: 100 })).mine;

const portable = (events: readonly RecordedEvent[]) =>
  events.map(({ id, streamId, revision, position, hash, previousHash, recordedAt, data }) => ({
    id,
    streamId,
    revision,
    position,
    hash,
    previousHash,
    recordedAt,
    data,
  }));

describe('store export and import', () => {
  it('moves a PGlite store and its read models to PostgreSQL with positions, hashes and checkpoints intact', async () => {
    const target = await createPgEventStore({ url, schema: schemas[0] });
    opened.push(target);
    const rows = await importStore({ store: target.sql, lines: linesOf(lines), batch: 3 });
    expect(rows).toMatchObject({ events: 18, streams: 4, notes: 2, projection_checkpoints: 1 });

    const [before, after] = [await everything(source), await everything(target)];
    expect(portable(after)).toEqual(portable(before));
    for (const s of streams) expect((await verifyStream(target, s)).verdict).toEqual({ ok: true });

    const checkpoint = (
      await target.sql.query<{ commit: string; prepare: string }>(
        `SELECT commit::text AS commit, prepare::text AS prepare FROM projection_checkpoints WHERE name = 'status'`,
      )
    )[0];
    const last = before[before.length - 1].position;
    expect(checkpoint).toEqual({ commit: last.commit.toString(), prepare: last.prepare.toString() });
    expect(
      await target.sql.query(
        `SELECT doc, body::text AS body, big::text AS big, score::text AS score FROM notes ORDER BY id`,
      ),
    ).toEqual(
      await source.sql.query(
        `SELECT doc, body::text AS body, big::text AS big, score::text AS score FROM notes ORDER BY id`,
      ),
    );
    const [next] = await target.sql.query<{ id: string }>(
      `INSERT INTO notes (doc) VALUES ('c') RETURNING id::text AS id`,
    );
    expect(next.id).toBe('3'); // the serial goes on after the imported rows
    await expect(target.sql.query(`INSERT INTO notes (doc) VALUES ('a')`)).rejects.toThrow(/unique/);
    const [index] = await target.sql.query<{ def: string }>(
      `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'notes_big'`,
    );
    expect(index.def).toContain('(big DESC)');

    // A projection resuming from the imported checkpoint sees exactly what was appended since.
    const [event] = commandEvents(1);
    const appended = await target.append(streams[0], [event], { expectedRevision: 3 });
    expect(comparePositions(appended.position, last)).toBeGreaterThan(0);
    const fresh = await readAllOf(target, new Set(streams), 1, { after: last });
    expect(fresh.mine.map((e) => e.id)).toEqual([event.id]);
  });

  it('refuses a target that is not empty, and a file cut short, leaving the target as it was', async () => {
    const used = opened[0];
    await expect(importStore({ store: used.sql, lines: linesOf(lines) })).rejects.toThrow(/not empty/);

    const target = await createPgEventStore({ url, schema: schemas[1] });
    opened.push(target);
    const cut = importStore({ store: target.sql, lines: linesOf(lines.slice(0, -1)) });
    await expect(cut).rejects.toBeInstanceOf(ImportRefused);
    await expect(cut).rejects.toThrow(/cut short/);
    const [row] = await target.sql.query<{ n: number; notes: string | null }>(
      `SELECT (SELECT count(*)::int FROM events) AS n, to_regclass('notes')::text AS notes`,
    );
    expect(row).toEqual({ n: 0, notes: null });
    const flip = (c: string) => (c === '0' ? '1' : '0');
    const forged = lines.map((l, i) =>
      i === 1 ? l.replace(/"hash":"([0-9a-f])/, (_, c: string) => `"hash":"${flip(c)}`) : l,
    );
    expect(forged[1]).not.toBe(lines[1]);
    await expect(importStore({ store: target.sql, lines: linesOf(forged) })).rejects.toThrow(/differ/);
  });

  it('moves a store into a cluster with a younger transaction counter (PostgreSQL to PGlite)', async () => {
    const out: string[] = [];
    await exportStore({ store: opened[0].sql, write: async (line) => void out.push(line) });
    const target = await createPgliteEventStore();
    opened.push(target);
    await importStore({ store: target.sql, lines: linesOf(out) });
    const [from, to] = [await everything(opened[0]), await everything(target)];
    expect(portable(to)).toEqual(portable(from));
    const last = to[to.length - 1].position;
    const appended = await target.append(streams[1], commandEvents(1), { expectedRevision: 4 });
    expect(comparePositions(appended.position, last)).toBeGreaterThan(0);
  });
});
