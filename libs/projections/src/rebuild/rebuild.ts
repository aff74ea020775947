import {
  comparePositions,
  PostgresEventStore,
  START,
  type ReadAllOptions,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SqlClient,
} from '#event-store';
import type { Projection } from '../projection.js';
import { applyBatch } from '../runner/apply-batch.js';
import { loadCheckpoint, saveCheckpoint } from '../runner/checkpoints.js';
import { migrate } from '../runner/runner-tables.js';
import { occurredAt } from '../domain-event.js';
import { currentBound, streamOrderedEvents, type StreamKey } from './stream-pass.js';

export interface RebuildOptions {
  readonly store: EventStore;
  /** The live read-model database (its search_path names the live schema). */
  readonly sql: SqlClient;
  readonly projections: readonly Projection[];
  /** Events read per page and applied per batch (default 2,000). */
  readonly pageSize?: number;
  /** Stops after the batch in flight commits: the live tables are untouched, the shadow is kept. */
  readonly signal?: AbortSignal;
  /** Drop a shadow left by an interrupted rebuild instead of resuming it. */
  readonly fresh?: boolean;
  readonly maxAttempts?: number;
  readonly log?: (message: string) => void;
  /** Once the shadows are ready: the position reading starts after (START unless resumed). */
  readonly onStart?: (from: Position) => void | Promise<void>;
  /** After every page: events applied in this run, and the position reached. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildProgress {
  readonly applied: number;
  readonly position: Position;
  /**
   * `folding-streams` while the stream pass reads everything below its bound stream by stream
   * (`position` is then where the global pass will start), `catching-up` in global order,
   * `swapping` once every shadow caught up and the swaps run.
   */
  readonly phase: 'folding-streams' | 'catching-up' | 'swapping';
}

export interface RebuildResult {
  /** Events read and applied in this run (a resumed run counts only its own). */
  readonly applied: number;
  /** Projections whose shadow was resumed rather than started from zero. */
  readonly resumed: readonly string[];
  /** Projections swapped in (all of them, unless aborted). */
  readonly swapped: readonly string[];
  readonly aborted: boolean;
}

/** The runner's own tables and the rebuild's: present in a shadow schema, never swapped in. */
const BOOKKEEPING = [
  'read_model_migrations',
  'projection_checkpoints',
  'projection_parked',
  'rebuild_marker',
  'rebuild_deferred_indexes',
  'rebuild_stream_pass',
];
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

interface Shadow {
  readonly projection: Projection;
  readonly schema: string;
  readonly sql: SqlClient;
  checkpoint: Position;
  /** The stream pass still to run (or finish) in this shadow, if any. */
  streamPass?: { readonly bound: bigint; after?: StreamKey };
}

/**
 * Rebuilds projections from position zero into shadow schemas (`<live schema>__rebuild_<name>`,
 * same DDL, same runner bookkeeping) while the live tables keep serving, reading each page of
 * events once for all of them; then swaps each in, in one transaction per projection: the live
 * checkpoint row is locked (waiting for the live runner's batch in flight, and holding its next
 * one), the shadow catches up to the head inside that transaction, the live tables are dropped,
 * the shadow's moved in, and the live checkpoint, parked events and migrations become the
 * shadow's. A live runner's next batch then finds its checkpoint moved and resumes from the new
 * one: nothing is lost or applied twice. An interrupted rebuild leaves the shadow (with its own
 * checkpoint) to be resumed by the next run.
 */
export async function rebuildProjections(o: RebuildOptions): Promise<RebuildResult> {
  const pageSize = o.pageSize ?? 2000;
  await migrate(o.sql, o.projections);
  const [{ live }] = await o.sql.query<{ live: string }>('SELECT current_schema() AS live');
  const shadows: Shadow[] = [];
  const resumed: string[] = [];
  // One bound for every fresh shadow of this run (read once, lazily).
  let bound: Promise<bigint | undefined> | undefined;
  const boundNow = () => (bound ??= currentBound(o.store));
  for (const projection of o.projections) {
    const { shadow, wasResumed } = await prepareShadow(o.sql, live, projection, o.fresh === true, boundNow);
    shadows.push(shadow);
    if (wasResumed) resumed.push(projection.name);
  }

  const lowest = () =>
    shadows
      .map((s) => s.checkpoint)
      .reduce<Position | undefined>(
        (a, b) => (a === undefined || comparePositions(b, a) < 0 ? b : a),
        undefined,
      ) ?? START;
  // The events from here on are this run's work: the stream pass's, then the global pass's.
  await o.onStart?.(lowest());
  let applied = 0;
  const folded = await streamPasses(o, shadows, pageSize);
  applied += folded.applied;
  if (folded.aborted) return { applied, resumed, swapped: [], aborted: true };
  let position = lowest();
  let next = o.store.readAll({ after: position, limit: pageSize });
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    position = page[page.length - 1].position;
    // Read the next page while this one is written: the reader and the writers overlap.
    next = o.store.readAll({ after: position, limit: pageSize });
    next.catch(() => undefined);
    await Promise.all(shadows.map((s) => applyTo(s, page, o)));
    applied += page.length;
    o.onProgress?.({ applied, position, phase: 'catching-up' });
    if (o.signal?.aborted) {
      await next.catch(() => undefined);
      return { applied, resumed, swapped: [], aborted: true };
    }
  }

  if (o.signal?.aborted) return { applied, resumed, swapped: [], aborted: true };
  // Each on its own connection: one shadow's index builds need not wait for another's.
  await Promise.all(shadows.map((s) => finishBulkLoad(o.sql, s.schema)));
  const swapped: string[] = [];
  for (const shadow of shadows) {
    if (o.signal?.aborted) return { applied, resumed, swapped, aborted: true };
    o.onProgress?.({ applied, position, phase: 'swapping' });
    applied += await swap(o, live, shadow, pageSize);
    swapped.push(shadow.projection.name);
  }
  return { applied, resumed, swapped, aborted: false };
}

/** Drops every shadow schema these projections may have left (nothing live is touched). */
export async function dropShadows(sql: SqlClient, projections: readonly Projection[]): Promise<void> {
  const [{ live }] = await sql.query<{ live: string }>('SELECT current_schema() AS live');
  for (const p of projections) await sql.query(`DROP SCHEMA IF EXISTS ${shadowSchema(live, p)} CASCADE`);
}

export const shadowSchema = (live: string, projection: Projection): string => {
  const schema = `${live}__rebuild_${projection.name}`;
  if (!IDENTIFIER.test(schema)) throw new RangeError(`cannot name a shadow schema ${schema}`);
  return schema;
};

/**
 * A client whose every statement runs with `schema` as the search_path (SET LOCAL per transaction).
 * `enter` replaces the statement that sets it (the stream pass's also records its progress).
 */
function inSchema(
  sql: SqlClient,
  schema: string,
  enter = (tx: SqlClient): Promise<unknown> =>
    tx.query(`SELECT set_config('search_path', $1, true)`, [schema]),
): SqlClient {
  return {
    query: (text, params) =>
      sql.transaction(async (tx) => {
        await enter(tx);
        return tx.query(text, params);
      }),
    transaction: (fn) =>
      sql.transaction(async (tx) => {
        await enter(tx);
        return fn(tx);
      }),
    close: async () => undefined,
  };
}

async function prepareShadow(
  sql: SqlClient,
  live: string,
  projection: Projection,
  fresh: boolean,
  boundNow: () => Promise<bigint | undefined>,
): Promise<{ shadow: Shadow; wasResumed: boolean }> {
  const schema = shadowSchema(live, projection);
  const shadowSql = inSchema(sql, schema);
  const [found] = await sql.query<{ marker: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS marker FROM pg_namespace WHERE nspname = $2`,
    [`${schema}.rebuild_marker`, schema],
  );
  let wasResumed = false;
  if (found) {
    const [marker] = found.marker
      ? await shadowSql.query<{ version: number; migrations: number }>(
          'SELECT version, migrations FROM rebuild_marker WHERE projection = $1',
          [projection.name],
        )
      : [];
    const same =
      marker !== undefined &&
      Number(marker.version) === projection.version &&
      Number(marker.migrations) === projection.migrations.length;
    if (fresh || !same) await sql.query(`DROP SCHEMA ${schema} CASCADE`);
    else wasResumed = true;
  }
  if (!wasResumed) {
    await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migrate(shadowSql, [projection]);
    await shadowSql.query(
      `CREATE TABLE rebuild_marker (projection text PRIMARY KEY, version integer NOT NULL,
         migrations integer NOT NULL, started_at timestamptz NOT NULL DEFAULT now())`,
    );
    await forBulkLoad(sql, schema, projection);
    const bound = projection.foldsByStream ? await boundNow() : undefined;
    if (bound !== undefined) {
      await shadowSql.query(
        `CREATE TABLE rebuild_stream_pass (projection text PRIMARY KEY, bound bigint NOT NULL,
           after_stream text, after_revision bigint, done boolean NOT NULL DEFAULT false)`,
      );
      await shadowSql.query('INSERT INTO rebuild_stream_pass (projection, bound) VALUES ($1, $2::bigint)', [
        projection.name,
        bound.toString(),
      ]);
    }
    // Last: a shadow whose marker has no row (a run stopped while making it) is dropped and made
    // again by the next run.
    await shadowSql.query(
      'INSERT INTO rebuild_marker (projection, version, migrations) VALUES ($1, $2::integer, $3::integer)',
      [projection.name, projection.version, projection.migrations.length],
    );
  }
  const checkpoint = await loadCheckpoint(shadowSql, projection.name);
  const shadow: Shadow = { projection, schema, sql: shadowSql, checkpoint };
  const [pass] = await sql.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    `${schema}.rebuild_stream_pass`,
  ]);
  if (pass?.exists) {
    const [row] = await shadowSql.query<{ bound: string; stream: string | null; revision: string | null }>(
      `SELECT bound::text AS bound, after_stream AS stream, after_revision::text AS revision
         FROM rebuild_stream_pass WHERE projection = $1 AND NOT done`,
      [projection.name],
    );
    if (row)
      shadow.streamPass = {
        bound: BigInt(row.bound),
        after: row.stream === null ? undefined : { streamId: row.stream, revision: Number(row.revision) },
      };
  }
  return { shadow, wasResumed };
}

/**
 * The stream pass (projections that fold by stream, on a SQL store): every event below the
 * pass's bound, read once in (stream, revision) order for all the shadows at the same point, and
 * applied page by page with the projection's batch path; each page's progress is recorded in its
 * own transaction, so an interrupted pass resumes where it stopped. A page holds whole histories
 * of a few documents (not one event each of two thousand), so a document's row is written about
 * once; memory stays one page. When the pass ends, the shadow's checkpoint becomes the last event
 * below the bound in global order (the same set: see StreamOrderedEvents), and the global pass
 * reads on from there.
 */
async function streamPasses(
  o: RebuildOptions,
  shadows: readonly Shadow[],
  pageSize: number,
): Promise<{ applied: number; aborted: boolean }> {
  let applied = 0;
  // Shadows at the same bound and key read together (normally all of them); a shadow resumed
  // elsewhere reads on its own. Keys are only compared for equality (no collation in play).
  const groups = new Map<string, Shadow[]>();
  for (const s of shadows) {
    if (!s.streamPass) continue;
    const key = JSON.stringify([s.streamPass.bound.toString(), s.streamPass.after ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    const { bound, after: from } = group[0].streamPass!;
    const events = await streamOrderedEvents(o.store, bound);
    if (!events) continue; // not a SQL store: the global pass does it all
    const progress = { applied, position: events.last?.position ?? START, phase: 'folding-streams' as const };
    let after = from;
    let next = events.page(after, pageSize);
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      const end = page[page.length - 1];
      after = { streamId: end.streamId, revision: end.revision };
      next = events.page(after, pageSize);
      next.catch(() => undefined);
      const reached = after;
      await Promise.all(
        group.map((s) =>
          applyBatch({
            // The page's progress is recorded by the statement that enters the shadow's schema,
            // in the batch's transaction (one round trip fewer than a statement of its own).
            sql: inSchema(o.sql, s.schema, (tx) =>
              tx.query(
                `WITH saved AS (UPDATE ${s.schema}.rebuild_stream_pass
                                   SET after_stream = $2, after_revision = $3::bigint
                                 WHERE projection = $1 RETURNING 1)
                 SELECT set_config('search_path', $4, true) FROM (SELECT count(*) FROM saved) AS n`,
                [s.projection.name, reached.streamId, reached.revision, s.schema],
              ),
            ),
            projection: s.projection,
            from: s.checkpoint,
            events: page,
            maxAttempts: o.maxAttempts,
            log: o.log,
            streamPass: true,
          }),
        ),
      );
      applied += page.length;
      o.onProgress?.({ ...progress, applied });
      if (o.signal?.aborted) {
        await next.catch(() => undefined);
        return { applied, aborted: true };
      }
    }
    for (const s of group) {
      const last = events.last;
      await s.sql.transaction(async (tx) => {
        if (last) await saveCheckpoint(tx, s.projection.name, s.checkpoint, last, occurredAt(last));
        await tx.query('UPDATE rebuild_stream_pass SET done = true WHERE projection = $1', [
          s.projection.name,
        ]);
      });
      if (last) s.checkpoint = last.position;
      s.streamPass = undefined;
    }
  }
  return { applied, aborted: false };
}

/**
 * Makes the fresh shadow cheap to fill: its secondary indexes (those behind no constraint) and the
 * constraints its projection names in `deferredConstraints` (with their indexes) are dropped and
 * remembered, to be built once at the end (`finishBulkLoad`).
 *
 * The tables stay logged. Filling them UNLOGGED and switching them with SET LOGGED before the
 * swap writes as much WAL (the switch logs every page: 131 MB against 133 MB for 300k events),
 * only later, in a serial rewrite of each table (about 1.5 s per 300k events) after the load; and
 * a crash then empties the shadow, which must start again from zero. Logged, every batch commits
 * its rows and its progress (checkpoint or stream-pass key) together and durably: a crash or a
 * stop loses at most the batch in flight, and the next run resumes.
 */
async function forBulkLoad(sql: SqlClient, schema: string, projection: Projection): Promise<void> {
  await sql.query(
    `CREATE TABLE ${schema}.rebuild_deferred_indexes (name text PRIMARY KEY, definition text NOT NULL)`,
  );
  const constraints = await sql.query<{ name: string; table: string; definition: string }>(
    `SELECT c.conname AS name, t.relname AS table,
            format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname,
                   pg_get_constraintdef(c.oid)) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND c.contype IN ('p', 'u') AND c.conname = ANY($2::text[])`,
    [schema, [...(projection.deferredConstraints ?? [])]],
  );
  for (const { name, table, definition } of constraints)
    await sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${schema}.rebuild_deferred_indexes (name, definition) VALUES ($1, $2)`, [
        name,
        definition,
      ]);
      await tx.query(`ALTER TABLE ${schema}.${table} DROP CONSTRAINT ${name}`);
    });
  const indexes = await sql.query<{ name: string }>(
    `INSERT INTO ${schema}.rebuild_deferred_indexes (name, definition)
     SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = $1
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
     RETURNING name`,
    [schema],
  );
  for (const { name } of indexes) await sql.query(`DROP INDEX ${schema}.${name}`);
}

/**
 * Builds what forBulkLoad deferred: before the swap, outside it. Each deferred index or constraint
 * is built and crossed off in one transaction, so a crash or stop in between leaves the rest to
 * the next run. Adding a deferred constraint checks it: rows that break it (an event applied
 * twice) fail the rebuild here, before any swap.
 *
 * A shadow an earlier version filled UNLOGGED is made logged first (before its indexes are built:
 * SET LOGGED rewrites a table and its indexes), its marker last: a crash before the marker is
 * logged empties the marker with the rest, and that shadow starts again from zero.
 */
async function finishBulkLoad(sql: SqlClient, schema: string): Promise<void> {
  for (const { name } of await unlogged(sql, schema))
    await sql.query(`ALTER TABLE ${schema}.${name} SET LOGGED`);
  const [marker] = await sql.query<{ persistence: string }>(
    `SELECT relpersistence AS persistence FROM pg_class WHERE oid = $1::regclass`,
    [`${schema}.rebuild_marker`],
  );
  if (marker?.persistence === 'u') await sql.query(`ALTER TABLE ${schema}.rebuild_marker SET LOGGED`);
  for (const { name, definition } of await sql.query<{ name: string; definition: string }>(
    `SELECT name, definition FROM ${schema}.rebuild_deferred_indexes ORDER BY name`,
  ))
    await sql.transaction(async (tx) => {
      const [{ exists }] = await tx.query<{ exists: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS exists',
        [`${schema}.${name}`],
      );
      if (!exists) await tx.query(definition);
      await tx.query(`DELETE FROM ${schema}.rebuild_deferred_indexes WHERE name = $1`, [name]);
    });
  for (const { name } of await sql.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND NOT (tablename = ANY($2::text[]))`,
    [schema, BOOKKEEPING],
  ))
    await sql.query(`ANALYZE ${schema}.${name}`);
}

/** The shadow's tables an earlier version filled unlogged (read models, checkpoint, parked events, stream pass). */
const unlogged = (sql: SqlClient, schema: string) =>
  sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relpersistence = 'u'
        AND c.relname NOT IN ('read_model_migrations', 'rebuild_marker', 'rebuild_deferred_indexes')
      ORDER BY c.relname`,
    [schema],
  );

/** Applies the page's events past this shadow's checkpoint (shadows resumed at different points). */
async function applyTo(shadow: Shadow, page: readonly RecordedEvent[], o: RebuildOptions): Promise<void> {
  const events = page.filter((e) => comparePositions(e.position, shadow.checkpoint) > 0);
  if (events.length === 0) return;
  const { projection, sql, checkpoint: from } = shadow;
  await applyBatch({ sql, projection, from, events, maxAttempts: o.maxAttempts, log: o.log });
  shadow.checkpoint = events[events.length - 1].position;
}

/** The swap, in one transaction on the live database; answers the events applied while catching up. */
async function swap(o: RebuildOptions, live: string, shadow: Shadow, pageSize: number): Promise<number> {
  const { projection, schema } = shadow;
  const name = projection.name;
  return o.sql.transaction(async (tx) => {
    // The live runner's batches lock this row first too: wait for the one in flight, hold the next.
    await tx.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
    const [{ path }] = await tx.query<{ path: string }>(`SELECT current_setting('search_path') AS path`);
    const inPath = (p: string) => tx.query(`SELECT set_config('search_path', $1, true)`, [p]);
    const readAll = readerInSwap(
      o,
      tx,
      () => inPath(path),
      () => inPath(schema),
    );
    await inPath(schema);
    let applied = 0;
    let from = await loadCheckpoint(tx, name);
    for (;;) {
      const events = await readAll({ after: from, limit: pageSize });
      if (events.length === 0) break;
      await applyBatch({
        sql: tx,
        projection,
        from,
        events,
        maxAttempts: o.maxAttempts,
        log: o.log,
        nested: true,
      });
      from = events[events.length - 1].position;
      applied += events.length;
    }
    await inPath(path);

    const tables = await tx.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND NOT (tablename = ANY($2::text[]))
        ORDER BY tablename`,
      [schema, BOOKKEEPING],
    );
    for (const { name: table } of tables) {
      await tx.query(`DROP TABLE IF EXISTS ${live}.${table} CASCADE`);
      await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA ${live}`);
    }
    // Updated in place (not deleted and inserted): a batch waiting on this row's lock then reads
    // the new position and stops with CheckpointMoved.
    const moved = await tx.query(
      `INSERT INTO projection_checkpoints AS c (name, commit, prepare, last_recorded_at, last_occurred_at)
       SELECT name, commit, prepare, last_recorded_at, last_occurred_at
         FROM ${schema}.projection_checkpoints WHERE name = $1
       ON CONFLICT (name) DO UPDATE SET commit = EXCLUDED.commit, prepare = EXCLUDED.prepare,
         last_recorded_at = EXCLUDED.last_recorded_at, last_occurred_at = EXCLUDED.last_occurred_at,
         updated_at = now()
       RETURNING 1`,
      [name],
    );
    if (moved.length === 0) await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [name]);
    await tx.query('DELETE FROM projection_parked WHERE name = $1', [name]);
    await tx.query(
      `INSERT INTO projection_parked (name, event_id, commit, prepare, error, attempts, parked_at)
       SELECT name, event_id, commit, prepare, error, attempts, parked_at
         FROM ${schema}.projection_parked WHERE name = $1`,
      [name],
    );
    await tx.query('DELETE FROM read_model_migrations WHERE projection = $1', [name]);
    await tx.query(
      `INSERT INTO read_model_migrations (projection, migration, applied_at)
       SELECT projection, migration, applied_at FROM ${schema}.read_model_migrations WHERE projection = $1`,
      [name],
    );
    await tx.query(`DROP SCHEMA ${schema} CASCADE`);
    return applied;
  });
}

/**
 * How the swap reads the events past the shadow's checkpoint. When the store reads through the
 * very client the swap's transaction is open on (the embedded store: PGlite has one connection and
 * queues everything behind the running transaction), `store.readAll` would wait for the swap to
 * end, and the swap for it: read through the transaction instead, under the live search_path
 * (the store's tables), then return to the shadow's.
 */
function readerInSwap(
  o: RebuildOptions,
  tx: SqlClient,
  toLive: () => Promise<unknown>,
  toShadow: () => Promise<unknown>,
): (options: ReadAllOptions) => Promise<RecordedEvent[]> {
  if (!(o.store instanceof PostgresEventStore) || o.store.sql !== o.sql)
    return (options) => o.store.readAll(options);
  const inTransaction = new PostgresEventStore(tx);
  return async (options) => {
    await toLive();
    try {
      return await inTransaction.readAll(options);
    } finally {
      await toShadow();
    }
  };
}
