import { ConcurrencyError, StreamOrderConflict } from '../errors.js';
import type { AppendResult, NewEvent } from '../event-store.port.js';
import { canonicalJson } from '../hash-chain.js';
import { repeatedAppend, type StoredEventRef } from '../idempotency.js';
import { asStored } from '../validate.js';
import { toPosition } from './rows.js';
import { sqlState, type SqlClient } from './sql-client.js';

/** SQLSTATE the append statement raises for a StreamOrderConflict (nothing was written). */
export const ORDER_CONFLICT = 'DLO01';

/**
 * An event's chain hash, as SQL over SQL expressions for its parts: SHA-256 of the predecessor's
 * hash, a newline and the event's canonical JSON (hash-chain.ts verifies it). The caller sends
 * the canonical JSON of what only it can canonicalize (data, metadata, the stream id and the
 * type as JSON strings); this writes the members around them in canonicalJson's key order (data,
 * id, metadata, recordedAt, revision, streamId, type). The one place this store computes a hash.
 */
const chainHash = (part: {
  previous: string;
  data: string;
  id: string;
  metadata: string;
  at: string;
  revision: string;
  streamId: string;
  type: string;
}) => `encode(sha256(convert_to(
             coalesce(${part.previous}, '') || chr(10)
               || '{"data":' || ${part.data} || ',"id":"' || ${part.id}::text
               || '","metadata":' || ${part.metadata}
               || ',"recordedAt":"' || to_char(${part.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               || '","revision":' || (${part.revision})::text
               || ',"streamId":' || ${part.streamId} || ',"type":' || ${part.type} || '}',
             'UTF8')), 'hex')`;

/**
 * The predecessor (the event at the expected revision) and the store's clock, once the guard
 * moved: one row, or none when it did not.
 */
const PREDECESSOR = `SELECT p.hash, greatest(date_trunc('milliseconds', clock_timestamp()), p.recorded_at) AS at,
                            p.commit_order AS prev_order
                       FROM (SELECT 1) AS one LEFT JOIN events p ON p.stream_id = $1 AND p.revision = $2::bigint
                      WHERE EXISTS (SELECT 1 FROM guard)`;

/**
 * Inserted only if this transaction sorts after the predecessor (see below); asked inside a
 * caller's transaction only. An autocommitted append's order key is always above its
 * predecessor's, and asking costs a function call per append.
 */
const inOrder = (alone: boolean) =>
  alone
    ? 'true'
    : `CASE WHEN coalesce(c.prev_order <= draftline_commit_order(), true) THEN true
            ELSE draftline_order_conflict($1) END`;

const INSERTED = `INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)`;

/**
 * The store's one append path: one statement, whatever the append (one event or many, a
 * conflict, a repeat), so an append is one round trip.
 *
 * - guard: moves the stream's `streams` row from the expected revision under its row lock
 *   (writers of one stream serialize there), or creates it ('no-stream'). Nothing else happens
 *   unless it moved.
 * - chain, first row: the predecessor, the event at the expected revision, read in the
 *   statement's snapshot, which has it: the guard found the stream's row at that revision in
 *   that snapshot, and one transaction wrote both. And the store's clock, read after the row
 *   lock and never below the predecessor's time (`until` cuts cleanly).
 * - chain, then: each event's hash over its predecessor's (chainHash). The jsonb columns are
 *   parsed from the same text the hash is computed over.
 * - inserted: the events, only if this transaction sorts after the predecessor (schema.ts). An
 *   autocommitted append takes its transaction id at the guard, after the predecessor
 *   committed, so it always does, and its statement does not ask (inOrder); a caller's
 *   transaction that wrote earlier may not, and then draftline_order_conflict raises
 *   ORDER_CONFLICT, which undoes the guard. The order key is asked only once the guard moved: a
 *   conflict takes no transaction id, so its commit writes and waits for nothing.
 * - When the guard did not move, draftline_refusal says why, reading afresh (a VOLATILE function
 *   takes a new snapshot per statement, so it sees what the row lock's holder committed while
 *   this waited): the events, if an identical append has stored these ids (a repeat), or the
 *   stream's revision (a conflict).
 *
 * One event (most appends) is the same statement without the recursion and the arrays: its
 * parameters are scalars, and the chain is the predecessor's row alone. Parameters: $1 the
 * stream, $2 the expected revision (-1 for none), then the events' ids, types, data, metadata
 * (canonical JSON), the stream id and types as JSON strings, and `alone`.
 *
 * A repeat whose guard moves (an 'any' retry, or one expecting the revision its first attempt
 * made) fails on the ids' unique key instead, and the caller looks the ids up (findEvents).
 * 'any' is a series of guarded attempts (PostgresEventStore.append): 'no-stream' first, then
 * the revision each refusal reports.
 */
const manyStatement = (guard: string, alone: boolean) => `
WITH RECURSIVE
  guard AS (${guard} RETURNING 1),
  chain (k, hash, previous, at, prev_order) AS (
    SELECT 0, p.hash, NULL::text, p.at, p.prev_order FROM (${PREDECESSOR}) AS p
    UNION ALL
    SELECT c.k + 1,
           ${chainHash({
             previous: 'c.hash',
             data: '($5::text[])[c.k + 1]',
             id: '($3::uuid[])[c.k + 1]',
             metadata: '($6::text[])[c.k + 1]',
             at: 'c.at',
             revision: '$2::bigint + c.k + 1',
             streamId: '$7',
             type: '($8::text[])[c.k + 1]',
           })},
           c.hash, c.at, c.prev_order
      FROM chain c
     WHERE c.k < cardinality($3::uuid[])),
  inserted AS (
    ${INSERTED}
    SELECT $1, $2::bigint + c.k, ($3::uuid[])[c.k], ($4::text[])[c.k], ($5::text[])[c.k]::jsonb,
           ($6::text[])[c.k]::jsonb, c.at, c.hash, c.previous
      FROM chain c
     WHERE c.k > 0 AND ${inOrder(alone)}
     ORDER BY c.k
    RETURNING revision, commit_order, position)
SELECT (SELECT commit_order::text || ' ' || position::text FROM inserted
         WHERE revision = $2::bigint + cardinality($3::uuid[])) AS appended,
       CASE WHEN NOT EXISTS (SELECT 1 FROM guard) THEN draftline_refusal($1, $3::uuid[], $9::boolean) END AS refusal`;

const oneStatement = (guard: string, alone: boolean) => `
WITH
  guard AS (${guard} RETURNING 1),
  c AS (${PREDECESSOR}),
  inserted AS (
    ${INSERTED}
    SELECT $1, $2::bigint + 1, $3::uuid, $4::text, $5::text::jsonb, $6::text::jsonb, c.at,
           ${chainHash({
             previous: 'c.hash',
             data: '$5::text',
             id: '$3::uuid',
             metadata: '$6::text',
             at: 'c.at',
             revision: '$2::bigint + 1',
             streamId: '$7::text',
             type: '$8::text',
           })},
           c.hash
      FROM c
     WHERE ${inOrder(alone)}
    RETURNING commit_order, position)
SELECT (SELECT commit_order::text || ' ' || position::text FROM inserted) AS appended,
       CASE WHEN NOT EXISTS (SELECT 1 FROM guard) THEN draftline_refusal($1, ARRAY[$3::uuid], $9::boolean) END AS refusal`;

/** The guards: the revision moved from the expected one, or the stream's row created. */
const NEXT_GUARD = (events: string) =>
  `UPDATE streams SET revision = $2::bigint + ${events} WHERE stream_id = $1 AND revision = $2::bigint`;
const FIRST_GUARD = (events: string) =>
  `INSERT INTO streams (stream_id, revision) VALUES ($1, ${events} - 1) ON CONFLICT (stream_id) DO NOTHING`;

type Guard = 'first' | 'next';
type Arity = 'one' | 'many';

const statementText = (guard: Guard, arity: Arity, alone: boolean): string => {
  const events = arity === 'one' ? '1' : 'cardinality($3::uuid[])';
  const moved = guard === 'next' ? NEXT_GUARD(events) : FIRST_GUARD(events);
  return arity === 'one' ? oneStatement(moved, alone) : manyStatement(moved, alone);
};

/**
 * Eight texts (guard × arity × alone), each with a name of its own, so that each is parsed and
 * planned once per connection (a guard, an arity or a check chosen by a parameter would not be).
 */
const STATEMENTS = new Map<string, { name: string; text: string }>();

const statement = (guard: Guard, arity: Arity, alone: boolean) => {
  const name = `draftline-append-${guard}-${arity}${alone ? '' : '-tx'}`;
  let found = STATEMENTS.get(name);
  if (!found) STATEMENTS.set(name, (found = { name, text: statementText(guard, arity, alone) }));
  return found;
};

/** A function the append statement needs, as schema.ts creates it and checks it is current. */
export interface StoreFunction {
  /** For `to_regprocedure`. */
  readonly signature: string;
  /** The body as stored (pg_proc.prosrc). */
  readonly body: string;
  readonly create: string;
}

const storeFunction = (signature: string, head: string, body: string): StoreFunction => ({
  signature,
  body,
  create: `CREATE OR REPLACE FUNCTION ${head} AS $draftline$${body}$draftline$`,
});

/**
 * Unqualified on purpose, like draftline_commit_order (schema.ts): the store's schema is first
 * on the search_path. Each id is looked up by equality, so that the plan PL/pgSQL keeps is an
 * index look-up whatever the table's size when it was made.
 */
export const APPEND_FUNCTIONS: readonly StoreFunction[] = [
  storeFunction(
    'draftline_refusal(text, uuid[], boolean)',
    `draftline_refusal(p_stream text, p_ids uuid[], p_alone boolean) RETURNS text LANGUAGE plpgsql VOLATILE`,
    `
DECLARE
  v_found text[] := '{}';
  v_event text;
BEGIN
  IF p_alone THEN
    -- A writer that waited for the row lock has a transaction id (an UPDATE takes one before it
    -- finds the row moved), and its commit would write and flush a commit record: one disk
    -- flush per conflict, for a transaction that wrote nothing. Alone in its transaction, it
    -- has nothing to make durable.
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  FOR k IN 1 .. cardinality(p_ids) LOOP
    SELECT json_build_array(e.id, e.stream_id, e.revision::text, e.commit_order::text, e.position::text)::text
      INTO v_event FROM events e WHERE e.id = p_ids[k];
    IF v_event IS NOT NULL THEN v_found := v_found || v_event; END IF;
  END LOOP;
  IF cardinality(v_found) > 0 THEN
    RETURN '{"found":[' || array_to_string(v_found, ',') || ']}';
  END IF;
  RETURN json_build_object('revision', (SELECT s.revision::text FROM streams s WHERE s.stream_id = p_stream))::text;
END
`,
  ),
  storeFunction(
    'draftline_order_conflict(text)',
    `draftline_order_conflict(p_stream text) RETURNS boolean LANGUAGE plpgsql VOLATILE`,
    `
BEGIN
  RAISE EXCEPTION 'stream %: the transaction is older than the stream''s last event', p_stream
    USING ERRCODE = '${ORDER_CONFLICT}';
END
`,
  ),
];

type Row = { appended: string | null; refusal: string | null };

/** What draftline_refusal answers: the stored events among the ids, or the stream's revision. */
type Refusal =
  | { found: [id: string, stream: string, revision: string, commit: string, prepare: string][] }
  | { revision: string | null };

/** One append's parameters but the expected revision, prepared once however often it is tried. */
export interface AppendCall {
  readonly streamId: string;
  /** The event ids, lower case (as stored and as repeatedAppend compares them). */
  readonly ids: readonly string[];
  readonly params: readonly unknown[];
}

export function appendCall(streamId: string, events: readonly NewEvent[]): AppendCall {
  const ids = events.map((e) => e.id.toLowerCase());
  // What the jsonb columns give back (asStored), in canonical form: the hash's preimage and the
  // stored value from one text. One event's are scalars (the one-event statement), more arrays.
  const columns = [
    ids,
    events.map((e) => e.type),
    events.map((e) => canonicalJson(asStored(e.data))),
    events.map((e) => canonicalJson(asStored(e.metadata))),
  ];
  const types = events.map((e) => JSON.stringify(e.type));
  const params =
    events.length === 1
      ? [...columns.map((c) => c[0]), JSON.stringify(streamId), types[0]]
      : [...columns, JSON.stringify(streamId), types];
  return { streamId, ids, params };
}

/**
 * One guarded attempt on `sql` (the pool: autocommitted; a transaction: inside it): the result,
 * the original result of a repeat, or ConcurrencyError, IdempotencyMismatchError,
 * StreamOrderConflict, or the unique violation of a repeat whose guard moved.
 */
export async function runAppend(
  sql: SqlClient,
  call: AppendCall,
  expected: number | 'no-stream',
  alone: boolean,
): Promise<AppendResult> {
  let rows: Row[];
  try {
    const guard = expected === 'no-stream' ? 'first' : 'next';
    const arity = call.ids.length === 1 ? 'one' : 'many';
    const { text, name } = statement(guard, arity, alone);
    const params = [call.streamId, expected === 'no-stream' ? -1 : expected, ...call.params, alone];
    // Parsed and planned once per connection: this is the store's hottest statement.
    rows = await sql.query<Row>(text, params, { name });
  } catch (error) {
    if (sqlState(error) === ORDER_CONFLICT) throw new StreamOrderConflict(call.streamId);
    throw error;
  }
  const [{ appended, refusal }] = rows;
  if (appended !== null) {
    const [commit, prepare] = appended.split(' ');
    const revision = (expected === 'no-stream' ? -1 : expected) + call.ids.length;
    return { streamId: call.streamId, revision, position: toPosition({ commit, prepare }) };
  }
  const answer = JSON.parse(refusal as string) as Refusal;
  if ('revision' in answer) {
    const actual = answer.revision === null ? 'no-stream' : Number(answer.revision);
    throw new ConcurrencyError(call.streamId, expected, actual);
  }
  const found = answer.found.map(([id, streamId, revision, commit, prepare]) => ({
    id,
    streamId,
    revision: Number(revision),
    position: toPosition({ commit, prepare }),
  }));
  const repeated = repeatedAppend(call.streamId, call.ids, found);
  if (!repeated) throw new Error(`stream ${call.streamId}: the append statement answered nothing`);
  return repeated;
}

/** The stored events among `ids`, wherever they are. */
export const findEvents = async (sql: SqlClient, ids: readonly string[]): Promise<StoredEventRef[]> => {
  const rows = await sql.query<{
    id: string;
    stream_id: string;
    revision: string;
    commit: string;
    prepare: string;
  }>(
    `SELECT id::text AS id, stream_id, revision::text AS revision,
            commit_order::text AS commit, position::text AS prepare
       FROM events WHERE id = ANY ($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    streamId: r.stream_id,
    revision: Number(r.revision),
    position: toPosition(r),
  }));
};
