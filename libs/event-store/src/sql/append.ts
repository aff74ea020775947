import { ConcurrencyError, StreamOrderConflict } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port.js';
import { canonicalJson } from '../hash-chain.js';
import { repeatedAppend, type StoredEventRef } from '../idempotency.js';
import { asStored } from '../validate.js';
import { toPosition } from './rows.js';
import { sqlState, type SqlClient } from './sql-client.js';

/** SQLSTATE draftline_append raises for a StreamOrderConflict (nothing was written). */
export const ORDER_CONFLICT = 'DLO01';

/**
 * The store's one append path: `draftline_append`, a PL/pgSQL function, does everything an
 * append needs in the statement that calls it, so an append (a conflict and a repeat included)
 * is one round trip, and it works the same inside a caller's transaction (appendInTransaction)
 * as autocommitted (append).
 *
 * 1. Repeat: if any of the event ids is stored already, it writes nothing and returns those
 *    events ('found'); repeatedAppend then tells the same append again (its original result)
 *    from a mismatch. Checked before the guard, so a retry is answered whatever revision it
 *    expects, as the other adapters do.
 * 2. Guard: the stream's `streams` row is moved from the expected revision (a number, -1 for
 *    'no-stream', NULL for 'any') under its row lock; writers of one stream serialize there. If
 *    it does not move, it returns the stream's revision as the winner committed it ('conflict'),
 *    after looking for the ids once more: an identical append racing this one has committed
 *    them while this one waited for the row.
 * 3. Order: the predecessor is read after the lock, so as its writer committed it. Its order key
 *    must not be above this transaction's (schema.ts): an autocommitted call takes its
 *    transaction id at the guard, after the predecessor committed, so it never is; a caller's
 *    transaction that wrote earlier, or an 'any' append that lost the race to create the stream
 *    (its id taken at the speculative insert), may be. Then it raises ORDER_CONFLICT, which
 *    undoes the guard; the same append in a new transaction succeeds (append retries it).
 * 4. Hash and insert: the store's clock, never below the predecessor's time (`until` cuts
 *    cleanly), and each event's hash over its predecessor's, computed here and nowhere else in
 *    this store: SHA-256 of the predecessor's hash, a newline and the event's canonical JSON
 *    (hash-chain.ts, which verifies it). The caller sends the canonical JSON of the parts only it
 *    can canonicalize (data, metadata, the stream id and types as JSON strings); the function
 *    writes the members around them in canonicalJson's key order (data, id, metadata,
 *    recordedAt, revision, streamId, type). The jsonb columns are parsed from the same text.
 */
const BODY = `
DECLARE
  v_count constant integer := cardinality(p_ids);
  v_last bigint;
  v_prev_hash text;
  v_at timestamptz;
  v_in_order boolean;
  v_found boolean;
BEGIN
  IF p_repeat_first THEN
    FOR k IN 1 .. v_count LOOP
      RETURN QUERY SELECT 'found'::text, e.id, e.stream_id, e.revision, e.commit_order, e.position
                     FROM events e WHERE e.id = p_ids[k];
      v_found := FOUND OR v_found IS TRUE;
    END LOOP;
    IF v_found THEN RETURN; END IF;
  END IF;

  IF p_expected IS NULL THEN
    INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream, v_count - 1)
        ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + v_count
      RETURNING s.revision INTO v_last;
    -- The predecessor is known only now: read it after the row lock, in a statement of its own
    -- (so in a snapshot that has its writer's commit).
    SELECT p.hash, greatest(date_trunc('milliseconds', clock_timestamp()), p.recorded_at),
           p.commit_order IS NULL OR p.commit_order <= draftline_commit_order()
      INTO v_prev_hash, v_at, v_in_order
      FROM (SELECT 1) AS one
      LEFT JOIN events p ON p.stream_id = p_stream AND p.revision = v_last - v_count;
  ELSIF p_expected < 0 THEN
    INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream, v_count - 1)
        ON CONFLICT (stream_id) DO NOTHING
      RETURNING s.revision, date_trunc('milliseconds', clock_timestamp()), true INTO v_last, v_at, v_in_order;
  ELSE
    -- The predecessor is the expected revision's event: the snapshot in which the guard finds
    -- its row at that revision has it too (the same transaction wrote both). The clock and this
    -- transaction's order key are read in RETURNING: after the row lock, and only when it moved
    -- (a conflict takes no transaction id, so its commit writes nothing).
    UPDATE streams AS s SET revision = p_expected + v_count
      FROM (SELECT p.hash, p.recorded_at, p.commit_order
              FROM (SELECT 1) AS one
              LEFT JOIN events p ON p.stream_id = p_stream AND p.revision = p_expected) AS prev
     WHERE s.stream_id = p_stream AND s.revision = p_expected
      RETURNING s.revision, prev.hash, greatest(date_trunc('milliseconds', clock_timestamp()), prev.recorded_at),
                prev.commit_order IS NULL OR prev.commit_order <= draftline_commit_order()
        INTO v_last, v_prev_hash, v_at, v_in_order;
  END IF;

  IF v_last IS NULL THEN
    FOR k IN 1 .. v_count LOOP
      RETURN QUERY SELECT 'found'::text, e.id, e.stream_id, e.revision, e.commit_order, e.position
                     FROM events e WHERE e.id = p_ids[k];
      v_found := FOUND OR v_found IS TRUE;
    END LOOP;
    IF v_found THEN RETURN; END IF;
    RETURN QUERY SELECT 'conflict'::text, NULL::uuid, p_stream,
                        (SELECT s.revision FROM streams s WHERE s.stream_id = p_stream), NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  IF NOT v_in_order THEN
    RAISE EXCEPTION 'stream %: the transaction is older than the stream''s last event', p_stream
      USING ERRCODE = '${ORDER_CONFLICT}';
  END IF;

  FOR k IN 1 .. v_count LOOP
    INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
      VALUES (p_stream, v_last - v_count + k, p_ids[k], p_types[k], p_data[k]::jsonb, p_metadata[k]::jsonb, v_at,
              encode(sha256(convert_to(
                coalesce(v_prev_hash, '') || chr(10)
                  || '{"data":' || p_data[k] || ',"id":"' || p_ids[k]::text || '","metadata":' || p_metadata[k]
                  || ',"recordedAt":"' || to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                  || '","revision":' || (v_last - v_count + k)::text
                  || ',"streamId":' || p_stream_json || ',"type":' || p_type_json[k] || '}',
                'UTF8')), 'hex'),
              v_prev_hash)
      RETURNING 'appended'::text, events.id, events.stream_id, events.revision, events.commit_order,
                events.position, events.hash
        INTO kind, event_id, event_stream, event_revision, event_commit, event_position, v_prev_hash;
  END LOOP;
  RETURN NEXT;
END
`;

/** The function's text as stored (pg_proc.prosrc): schema.ts replaces a different one. */
export const APPEND_FUNCTION_BODY = BODY;

/** Its signature, for `to_regprocedure`. */
export const APPEND_FUNCTION_SIGNATURE =
  'draftline_append(text, bigint, uuid[], text[], text[], text[], text, text[], boolean)';

/**
 * Unqualified on purpose, like draftline_commit_order (schema.ts): the store's schema is first
 * on the search_path. VOLATILE (the default): under READ COMMITTED each statement in it takes a
 * new snapshot, which is what lets the reads after the row lock see what its holder committed.
 */
export const APPEND_FUNCTION = `CREATE OR REPLACE FUNCTION draftline_append(
    p_stream text, p_expected bigint, p_ids uuid[], p_types text[],
    p_data text[], p_metadata text[], p_stream_json text, p_type_json text[], p_repeat_first boolean)
  RETURNS TABLE (kind text, event_id uuid, event_stream text, event_revision bigint,
                 event_commit bigint, event_position bigint)
  LANGUAGE plpgsql AS $draftline$${BODY}$draftline$`;

const CALL = `SELECT kind, event_id::text AS id, event_stream AS stream_id, event_revision::text AS revision,
                     event_commit::text AS commit, event_position::text AS prepare
                FROM draftline_append($1, $2::bigint, $3::uuid[], $4::text[], $5::text[], $6::text[], $7, $8::text[], $9::boolean)`;

type Row = {
  kind: 'found' | 'conflict' | 'appended';
  id: string | null;
  stream_id: string;
  revision: string | null;
  commit: string | null;
  prepare: string | null;
};

/** One append's parameters, prepared once however often it is tried. */
export interface AppendCall {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  /** The event ids, lower case (as stored and as repeatedAppend compares them). */
  readonly ids: readonly string[];
  readonly params: readonly unknown[];
}

export function appendCall(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): AppendCall {
  const ids = events.map((e) => e.id.toLowerCase());
  const params = [
    streamId,
    expected === 'any' ? null : expected === 'no-stream' ? -1 : expected,
    ids,
    events.map((e) => e.type),
    // What the jsonb columns give back (asStored), in canonical form: the hash's preimage and
    // the stored value from one text.
    events.map((e) => canonicalJson(asStored(e.data))),
    events.map((e) => canonicalJson(asStored(e.metadata))),
    JSON.stringify(streamId),
    events.map((e) => JSON.stringify(e.type)),
  ];
  return { streamId, expected, ids, params };
}

/**
 * Runs the append on `sql` (the pool: autocommitted; a transaction: inside it) and answers it:
 * the result, the original result of a repeat, or ConcurrencyError, IdempotencyMismatchError,
 * StreamOrderConflict. `repeatFirst`: look for the ids before the guard, for a caller that
 * cannot recover from the unique violation a repeat otherwise meets at the insert.
 */
export async function runAppend(
  sql: SqlClient,
  call: AppendCall,
  repeatFirst = false,
): Promise<AppendResult> {
  let rows: Row[];
  try {
    // Parsed and planned once per connection: this is the store's hottest statement.
    rows = await sql.query<Row>(CALL, [...call.params, repeatFirst], { name: 'draftline-append' });
  } catch (error) {
    if (sqlState(error) === ORDER_CONFLICT) throw new StreamOrderConflict(call.streamId);
    throw error;
  }
  const [first] = rows;
  if (first?.kind === 'appended') {
    const { revision, position } = toRef(first);
    return { streamId: call.streamId, revision, position };
  }
  if (first?.kind === 'conflict') {
    const actual = first.revision === null ? 'no-stream' : Number(first.revision);
    throw new ConcurrencyError(call.streamId, call.expected, actual);
  }
  const found = rows.map(toRef);
  const repeated = repeatedAppend(call.streamId, call.ids, found);
  if (!repeated) throw new Error(`stream ${call.streamId}: draftline_append returned nothing`);
  return repeated;
}

const toRef = (r: Row): StoredEventRef => ({
  id: r.id as string,
  streamId: r.stream_id,
  revision: Number(r.revision),
  position: toPosition({ commit: r.commit as string, prepare: r.prepare as string }),
});

/**
 * The stored events among `ids`: for the one race draftline_append cannot answer itself, an
 * append whose ids another append (of another stream, or with 'any') committed between its
 * repeat check and its insert, which then fails on the ids' unique key.
 */
export const findEvents = async (sql: SqlClient, ids: readonly string[]): Promise<StoredEventRef[]> => {
  const rows = await sql.query<Row>(
    `SELECT 'found' AS kind, id::text AS id, stream_id, revision::text AS revision,
            commit_order::text AS commit, position::text AS prepare
       FROM events WHERE id = ANY ($1::uuid[])`,
    [ids],
  );
  return rows.map(toRef);
};
