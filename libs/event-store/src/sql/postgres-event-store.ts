import { ConcurrencyError, StreamOrderConflict } from '../errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAudit,
} from '../event-store.port.js';
import { hashEvent } from '../hash-chain.js';
import { repeatedAppend } from '../idempotency.js';
import { START } from '../position.js';
import { asStored, checkAppend, checkReadAll } from '../validate.js';
import { EVENT_COLUMNS, isoText, toPosition, toRecordedEvent, type EventRow } from './rows.js';
import { findEvents, lockStream } from './append-queries.js';
import { ensureSchema, READ_BOUND } from './schema.js';
import { appendOne } from './single-append.js';
import { sqlState, UNIQUE_VIOLATION, type SqlClient } from './sql-client.js';

/** Rows per INSERT: 9 parameters each stays far below PostgreSQL's 65,535-parameter limit. */
const INSERT_CHUNK = 500;

/**
 * The columns an append writes, those of `placeholders`. commit_order is its default
 * (draftline_commit_order(), inlined by the planner): taken in the inserting statement, so in an
 * autocommitted append after the guard saw the predecessor committed, which keeps it above the
 * predecessor's; the transactional path checks it (head).
 */
const INSERTED_COLUMNS = 'stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash';

/** Transactions an append may start after StreamOrderConflicts (each after a racer committed). */
const ORDER_ATTEMPTS = 10;

/**
 * The event store on PostgreSQL, over `pg` or PGlite alike (see SqlClient). Appends run under
 * READ COMMITTED; writers of one stream serialize on its `streams` row.
 */
export class PostgresEventStore implements EventStore {
  constructor(private readonly client: SqlClient) {}

  /** Creates the schema if missing and returns a store over `client`. */
  static async create(client: SqlClient): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(client);
    await store.init();
    return store;
  }

  /** The connection the store uses, for a read side that wants the same database. */
  get sql(): SqlClient {
    return this.client;
  }

  /** Idempotent: `CREATE TABLE IF NOT EXISTS`. */
  init(): Promise<void> {
    return ensureSchema(this.client);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(streamId, events, options.expectedRevision);
    const fast = await this.tryGuardedAppend(streamId, events, options.expectedRevision);
    if (fast) return fast;
    try {
      return await this.appendInNewTransaction(streamId, events, options);
    } catch (error) {
      // Two identical appends racing: the loser finds the row lock moved (ConcurrencyError) or the
      // ids taken (unique violation). Once the winner has committed its events are visible here,
      // and a repeat gets the winner's result, as if it had come second.
      if (error instanceof ConcurrencyError || sqlState(error) === UNIQUE_VIOLATION) {
        const ids = events.map((e) => e.id.toLowerCase());
        const repeated = repeatedAppend(streamId, ids, await findEvents(this.client, ids));
        if (repeated) return repeated;
      }
      throw error;
    }
  }

  /**
   * One transaction, started again after a StreamOrderConflict: a new transaction's id is taken
   * after the predecessor committed, so it sorts after it; only another racer can cause a repeat.
   */
  private async appendInNewTransaction(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.transaction((tx) => this.appendInTransaction(tx, streamId, events, options));
      } catch (error) {
        if (!(error instanceof StreamOrderConflict) || attempt >= ORDER_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The common case in two round trips instead of six: with a numeric or 'no-stream' expected
   * revision the predecessor is fixed (events are immutable), so its hash can be read first and
   * the guard and the insert run as one autocommitted statement. Anything unusual (a conflict, a
   * repeated append) returns undefined and takes the transactional path, which explains it.
   */
  private async tryGuardedAppend(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    if (expected === 'any' || events.length > INSERT_CHUNK) return undefined;
    if (events.length === 1) return appendOne(this.client, streamId, events[0], expected);
    const first = expected === 'no-stream' ? 0 : expected + 1;
    const head = await this.head(this.client, streamId, first - 1);
    if (expected !== 'no-stream' && head.hash === null) return undefined; // no such predecessor
    const last = first + events.length - 1;
    const rows = hashedRows(streamId, events, first, head.hash, head.recorded_at);
    const guard =
      expected === 'no-stream'
        ? `INSERT INTO streams (stream_id, revision) VALUES ($1, $2::bigint) ON CONFLICT (stream_id) DO NOTHING RETURNING 1`
        : `UPDATE streams SET revision = $2::bigint WHERE stream_id = $1 AND revision = $3::bigint RETURNING 1`;
    const params: unknown[] = expected === 'no-stream' ? [streamId, last] : [streamId, last, expected];
    try {
      const inserted = await this.client.query<{ revision: string; commit: string; prepare: string }>(
        `WITH guard AS (${guard})
         INSERT INTO events (${INSERTED_COLUMNS})
         SELECT * FROM (VALUES ${placeholders(rows.length, params.length)}) AS v
          WHERE EXISTS (SELECT 1 FROM guard)
         RETURNING revision::text AS revision, commit_order::text AS commit, position::text AS prepare`,
        [...params, ...rows.flat()],
      );
      const tail = inserted.find((r) => Number(r.revision) === last);
      return tail ? { streamId, revision: last, position: toPosition(tail) } : undefined;
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  /**
   * The predecessor's hash and the store's clock, never below the predecessor's time. Inside a
   * writing transaction (`inTransaction`) also whether this transaction sorts after the
   * predecessor: its order key is only asked there, as asking gives a reader a transaction id.
   */
  private async head(sql: SqlClient, streamId: string, revision: number, inTransaction = false) {
    const order = inTransaction ? 'p.commit_order <= draftline_commit_order()' : 'NULL::boolean';
    const [head] = await sql.query<{ hash: string | null; recorded_at: string; in_order: boolean | null }>(
      `SELECT p.hash, ${isoText(`GREATEST(date_trunc('milliseconds', clock_timestamp()), p.recorded_at)`)} AS recorded_at,
              ${order} AS in_order
         FROM (SELECT 1) AS one LEFT JOIN events p ON p.stream_id = $1 AND p.revision = $2::bigint`,
      [streamId, revision],
    );
    return head;
  }

  /**
   * The append itself, inside a transaction the caller controls (and commits). `append` is this
   * plus the race handling above; the held-open-transaction test uses it to keep a writer open.
   */
  async appendInTransaction(
    tx: SqlClient,
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(streamId, events, options.expectedRevision);
    const ids = events.map((e) => e.id.toLowerCase());
    const repeated = repeatedAppend(streamId, ids, await findEvents(tx, ids));
    if (repeated) return repeated;

    const last = await lockStream(tx, streamId, events.length, options.expectedRevision);
    const first = last - events.length + 1;
    // Read after the row lock, so this is the predecessor as committed by the previous writer.
    // The clock is read once, after the lock (now() would be the transaction's start, possibly
    // before the predecessor's), and never goes below the predecessor's: `until` cuts cleanly.
    const head = await this.head(tx, streamId, first - 1, true);
    // A transaction id is taken at a transaction's first write, which may precede the stream's
    // lock (a caller's earlier write, or an 'any' append that lost the race to create the
    // stream): such a transaction would sort before its predecessor. It must start anew.
    if (head.in_order === false) throw new StreamOrderConflict(streamId);
    const rows = hashedRows(streamId, events, first, head.hash, head.recorded_at);
    let position = START;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const inserted = await tx.query<{ revision: string; commit: string; prepare: string }>(
        `INSERT INTO events (${INSERTED_COLUMNS})
         VALUES ${placeholders(chunk.length, 0)}
         RETURNING revision::text AS revision, commit_order::text AS commit, position::text AS prepare`,
        chunk.flat(),
      );
      const tail = inserted.find((r) => Number(r.revision) === last);
      if (tail) position = toPosition(tail);
    }
    return { streamId, revision: last, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromRevision = 0, toRevision = Number.MAX_SAFE_INTEGER, until } = options;
    const params: unknown[] = [streamId, fromRevision, toRevision];
    if (until) params.push(until.toISOString());
    const rows = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND revision >= $2::bigint AND revision <= $3::bigint
        ${until ? 'AND recorded_at <= $4::text::timestamptz' : ''}
        ORDER BY events.revision`, // the table column: the select list casts revision to text
      params,
      { name: until ? 'draftline-read-stream-until' : 'draftline-read-stream' },
    );
    return rows.map(toRecordedEvent);
  }

  /** Every row of the stream whatever its revision, and the revision its `streams` row records. */
  async readStreamForAudit(streamId: string): Promise<StreamAudit> {
    return this.client.transaction(async (tx) => {
      // One snapshot for both reads, so an append in between cannot look like a missing event.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const rows = await tx.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY events.revision`,
        [streamId],
      );
      const [head] = await tx.query<{ revision: string }>(
        'SELECT revision::text AS revision FROM streams WHERE stream_id = $1',
        [streamId],
      );
      return { events: rows.map(toRecordedEvent), headRevision: head ? Number(head.revision) : undefined };
    });
  }

  /**
   * Only transactions below the oldest one still open are read (pg_snapshot_xmin, in order-key
   * terms: see schema.ts): an open transaction with a smaller id may still commit, and a reader
   * that passed it would skip its events for good. Its successors wait until it commits or rolls
   * back.
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkReadAll(options);
    const after = options.after ?? START;
    const rows = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (commit_order, position) > ($1::bigint, $2::bigint)
          AND commit_order < ${READ_BOUND}
        ORDER BY commit_order, position
        LIMIT $3::bigint`,
      [after.commit.toString(), after.prepare.toString(), options.limit],
      { name: 'draftline-read-all' },
    );
    return rows.map(toRecordedEvent);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The rows to insert, each hashed over its predecessor (see hash-chain.ts). */
function hashedRows(
  streamId: string,
  events: readonly NewEvent[],
  first: number,
  previous: string | null,
  recordedAt: string,
): unknown[][] {
  let previousHash = previous;
  return events.map((e, i) => {
    const content = {
      id: e.id.toLowerCase(),
      streamId,
      revision: first + i,
      type: e.type,
      data: asStored(e.data),
      metadata: asStored(e.metadata),
      recordedAt,
    };
    const hash = hashEvent(previousHash, content);
    const row = [streamId, content.revision, content.id, content.type, JSON.stringify(content.data)];
    const values = [...row, JSON.stringify(content.metadata), recordedAt, hash, previousHash];
    previousHash = hash;
    return values;
  });
}

/** `($n::type, …)` rows of the nine event columns, numbered after `offset` parameters. */
function placeholders(count: number, offset: number): string {
  return Array.from({ length: count }, (_, r) => {
    const p = (c: number) => `$${offset + r * 9 + c}`;
    return `(${p(1)}, ${p(2)}::bigint, ${p(3)}::uuid, ${p(4)}, ${p(5)}::text::jsonb, ${p(6)}::text::jsonb, ${p(7)}::text::timestamptz, ${p(8)}, ${p(9)})`;
  }).join(', ');
}
