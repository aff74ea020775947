import { PGlite } from '@electric-sql/pglite';
import { jest } from '@jest/globals';
import { PGLITE_PREPARED_STATEMENTS, PgliteClient } from './pglite-client.js';

// Issue 13 P10: PGlite's own query() enters the engine six times per statement (Parse, Describe,
// Bind, Describe, Execute, Sync), parsing and planning it every time; an append cost 1.3 ms of
// CPU that way. The client keeps each statement text prepared under a name, and runs it again
// in one entry (Bind, Execute, Sync).

let client: PgliteClient;
beforeAll(async () => {
  client = await PgliteClient.open();
  await client.query(
    'CREATE TABLE t (id int PRIMARY KEY, doc jsonb, tags text[], at timestamptz, ok boolean)',
  );
});
afterAll(async () => {
  await client?.close();
});

/** How many times `fn` enters the engine. */
const entries = async (fn: () => Promise<unknown>) => {
  const spy = jest.spyOn(PGlite.prototype, 'execProtocolRawSync');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
};

const prepared = async (text: string) =>
  (
    await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1',
      [text],
    )
  )[0].n;

describe('PgliteClient', () => {
  it('runs a statement it has seen in one entry into the engine, prepared once', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect(await client.query(text, [1])).toEqual([{ n: 2 }]);
    expect(await entries(() => client.query(text, [2]))).toBe(1);
    expect(await client.query(text, [41])).toEqual([{ n: 42 }]);
    expect(await prepared(text)).toBe(1);
  });

  it('serializes and parses parameters as PGlite does (json, arrays, dates, booleans, null)', async () => {
    const at = new Date('2026-12-02T05:00:00.000Z');
    const insert = 'INSERT INTO t (id, doc, tags, at, ok) VALUES ($1, $2, $3, $4, $5)';
    await client.query(insert, [1, { a: [1, 'x'], b: null }, ['a', 'b,c', '"q"'], at, true]);
    await client.query(insert, [2, null, null, null, false]);
    expect(await client.query('SELECT * FROM t ORDER BY id')).toEqual([
      { id: 1, doc: { a: [1, 'x'], b: null }, tags: ['a', 'b,c', '"q"'], at, ok: true },
      { id: 2, doc: null, tags: null, at: null, ok: false },
    ]);
  });

  it('commits a transaction, and rolls back one that throws or whose statement failed', async () => {
    await client.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES ($1)', [10]);
    });
    await expect(
      client.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES ($1)', [11]);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await expect(
      client.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES ($1)', [12]);
        await tx.query('INSERT INTO t (id) VALUES ($1)', [10]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const ids = await client.query<{ id: number }>('SELECT id FROM t WHERE id >= 10 ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual([10]);
    // The connection is usable after each.
    expect(await client.query('SELECT $1::text AS x', ['y'])).toEqual([{ x: 'y' }]);
  });

  it('fails a statement that does not parse, and runs it once it does', async () => {
    await expect(client.query('SELEC 1')).rejects.toMatchObject({ code: '42601' });
    await expect(client.query('SELECT n FROM later')).rejects.toMatchObject({ code: '42P01' });
    await client.query('CREATE TABLE later (n int)');
    await client.query('INSERT INTO later VALUES (7)');
    expect(await client.query('SELECT n FROM later')).toEqual([{ n: 7 }]);
  });

  it('answers a kept statement whose table changed shape with the new columns', async () => {
    await client.query('CREATE TABLE shape (a int)');
    await client.query('INSERT INTO shape VALUES (1)');
    expect(await client.query('SELECT * FROM shape')).toEqual([{ a: 1 }]);
    await client.query('ALTER TABLE shape ADD COLUMN b int DEFAULT 2');
    expect(await client.query('SELECT * FROM shape')).toEqual([{ a: 1, b: 2 }]);
  });

  it('answers the same FETCH text by the shape of the cursor open now', async () => {
    const fetchAll = async (over: string) =>
      client.transaction(async (tx) => {
        await tx.query(`DECLARE draftline_c NO SCROLL CURSOR FOR ${over}`);
        const rows = await tx.query('FETCH 10 FROM draftline_c');
        await tx.query('CLOSE draftline_c');
        return rows;
      });
    expect(await fetchAll("SELECT 1 AS one, 'x' AS key")).toEqual([{ one: 1, key: 'x' }]);
    expect(await fetchAll("SELECT 'r' AS row")).toEqual([{ row: 'r' }]);
  });

  it(`keeps at most ${PGLITE_PREPARED_STATEMENTS} statements prepared, the least recently used closed`, async () => {
    for (let i = 0; i < PGLITE_PREPARED_STATEMENTS + 20; i++)
      expect(await client.query(`SELECT ${i} AS n, $1::int AS m`, [i])).toEqual([{ n: i, m: i }]);
    const [{ n }] = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_prepared_statements',
    );
    expect(n).toBeLessThanOrEqual(PGLITE_PREPARED_STATEMENTS);
    expect(await client.query('SELECT 0 AS n, $1::int AS m', [5])).toEqual([{ n: 0, m: 5 }]);
  });
});
