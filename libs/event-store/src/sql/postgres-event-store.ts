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
import { repeatedAppend } from '../idempotency.js';
import { START } from '../position.js';
import { checkAppend, checkReadAll } from '../validate.js';
import { appendCall, findEvents, runAppend, type AppendCall } from './append.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows.js';
import { ensureSchema, READ_BOUND } from './schema.js';
import { sqlState, UNIQUE_VIOLATION, type SqlClient } from './sql-client.js';

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

  /**
   * One autocommitted statement (append.ts): one round trip, whether it appends, conflicts or
   * repeats. 'any' is guarded attempts: 'no-stream' first, then the revision each refusal
   * reports, until one moves the guard (every refusal is another writer's success). A unique
   * violation on the ids is a repeat whose guard moved; a look-up then answers it. A
   * StreamOrderConflict wrote nothing and is tried again in a new transaction, whose id is taken
   * after the racer committed (it cannot happen to an autocommitted append; kept as a guard).
   */
  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(streamId, events, options.expectedRevision);
    const call = appendCall(streamId, events);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempts(this.client, call, options.expectedRevision, true);
      } catch (error) {
        if (error instanceof StreamOrderConflict && attempt < ORDER_ATTEMPTS) continue;
        if (sqlState(error) === UNIQUE_VIOLATION) {
          const repeated = repeatedAppend(streamId, call.ids, await findEvents(this.client, call.ids));
          if (repeated) return repeated;
        }
        throw error;
      }
    }
  }

  /**
   * The append on `sql`, with 'any' as a series of guarded attempts; `alone`: autocommitted
   * (`sql` is the pool), so a refused attempt is a transaction of its own (see draftline_refusal).
   */
  private async attempts(
    sql: SqlClient,
    call: AppendCall,
    expected: ExpectedRevision,
    alone: boolean,
  ): Promise<AppendResult> {
    if (expected !== 'any') return runAppend(sql, call, expected, alone);
    let guess: number | 'no-stream' = 'no-stream';
    for (;;) {
      try {
        return await runAppend(sql, call, guess, alone);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        guess = error.actual;
      }
    }
  }

  /**
   * The same append inside a transaction the caller controls (and commits): the held-open
   * transaction tests use it to keep a writer open. The ids are looked up first: a repeat
   * would otherwise meet the unique violation, which aborts the caller's transaction. A
   * StreamOrderConflict is the caller's to handle (roll back and run it again).
   */
  async appendInTransaction(
    tx: SqlClient,
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(streamId, events, options.expectedRevision);
    const call = appendCall(streamId, events);
    const repeated = repeatedAppend(streamId, call.ids, await findEvents(tx, call.ids));
    return repeated ?? this.attempts(tx, call, options.expectedRevision, false);
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

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streams.size === 0) return streams;
    const rows = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, events.revision`,
      [[...streams.keys()]],
      { name: 'draftline-read-streams' },
    );
    for (const row of rows) streams.get(row.stream_id)?.push(toRecordedEvent(row));
    return streams;
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
