import type { EventStore, RecordedEvent, SqlClient } from '#event-store';
import type { Projection } from '../projection.js';

/** An event a projection gave up on (a deterministic error after its attempts). */
export interface ParkedEvent {
  readonly projection: string;
  readonly eventId: string;
  /** The event's global position, `commit-prepare`. */
  readonly position: string;
  /** Null for events parked before streams were recorded with them. */
  readonly streamId: string | null;
  readonly revision: number | null;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

export interface ReplayOutcome {
  readonly projection: string;
  readonly eventId: string;
  /** `applied`: un-parked; `failed`: still parked (error says why); `missing`: no such event. */
  readonly outcome: 'applied' | 'failed' | 'missing';
  readonly error?: string;
}

type Row = {
  projection: string;
  event_id: string;
  commit: string;
  prepare: string;
  stream_id: string | null;
  revision: string | null;
  error: string;
  attempts: number;
  parked_at: string;
};

const SELECT = `SELECT name AS projection, event_id::text AS event_id, commit::text AS commit,
    prepare::text AS prepare, stream_id, revision::text AS revision, error, attempts,
    to_char(parked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS parked_at
  FROM projection_parked`;

const toParked = (r: Row): ParkedEvent => ({
  projection: r.projection,
  eventId: r.event_id,
  position: `${r.commit}-${r.prepare}`,
  streamId: r.stream_id,
  revision: r.revision === null ? null : Number(r.revision),
  error: r.error,
  attempts: Number(r.attempts),
  parkedAt: r.parked_at,
});

/** Parked events in global order, of one projection or of all; at most `limit`. */
export async function listParked(sql: SqlClient, projection?: string, limit = 1000): Promise<ParkedEvent[]> {
  const rows = await sql.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR name = $1) ORDER BY name, commit, prepare LIMIT $2::integer`,
    [projection ?? null, limit],
  );
  return rows.map(toParked);
}

/** How many events each projection has parked (projections with none are absent). */
export async function countParked(sql: SqlClient): Promise<Map<string, number>> {
  const rows = await sql.query<{ name: string; n: string }>(
    'SELECT name, count(*)::text AS n FROM projection_parked GROUP BY name',
  );
  return new Map(rows.map((r) => [r.name, Number(r.n)]));
}

/** Forgets a parked event without applying it (an admin's decision); false if it was not parked. */
export async function skipParked(sql: SqlClient, projection: string, eventId: string): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM projection_parked WHERE name = $1 AND event_id = $2::uuid RETURNING 1',
    [projection, eventId],
  );
  return rows.length > 0;
}

export interface ReplayOptions {
  readonly store: EventStore;
  /** The read-model database the projection's tables, checkpoint and parked rows are in. */
  readonly sql: SqlClient;
  readonly projection: Projection;
  /** One event; all the projection's parked events (in global order) when omitted. */
  readonly eventId?: string;
}

/**
 * Applies parked events again, each in a transaction of its own that first locks the
 * projection's checkpoint row (so it never interleaves with a live runner's batch, in whichever
 * process): on success the event is un-parked, on failure it stays parked with the new error and
 * one more attempt. All of a projection's parked events go in global order, so the later events
 * of a document frozen behind an earlier one apply after it.
 */
export async function replayParked(o: ReplayOptions): Promise<ReplayOutcome[]> {
  const name = o.projection.name;
  const parked = o.eventId
    ? (await o.sql.query<Row>(`${SELECT} WHERE name = $1 AND event_id = $2::uuid`, [name, o.eventId])).map(
        toParked,
      )
    : await listParked(o.sql, name, 100_000);
  if (o.eventId && parked.length === 0)
    return [{ projection: name, eventId: o.eventId, outcome: 'missing', error: 'not parked' }];
  const outcomes: ReplayOutcome[] = [];
  for (const p of parked) outcomes.push(await replayOne(o, p));
  return outcomes;
}

async function replayOne(o: ReplayOptions, p: ParkedEvent): Promise<ReplayOutcome> {
  const { projection } = o;
  const base = { projection: projection.name, eventId: p.eventId };
  // Read before the transaction: on the embedded store the store and the read models share one
  // connection, which queues a read behind an open transaction.
  const event = await loadEvent(o.store, p);
  if (!event) return { ...base, outcome: 'missing', error: 'the store has no such event' };
  return o.sql.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
    const still = await tx.query(
      'SELECT 1 FROM projection_parked WHERE name = $1 AND event_id = $2::uuid FOR UPDATE',
      [projection.name, p.eventId],
    );
    if (still.length === 0) return { ...base, outcome: 'missing', error: 'no longer parked' };
    await tx.query('SAVEPOINT replay_parked');
    try {
      await projection.apply(tx, event);
      await tx.query('RELEASE SAVEPOINT replay_parked');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT replay_parked');
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await tx.query(
        `UPDATE projection_parked SET error = $3, attempts = attempts + 1
          WHERE name = $1 AND event_id = $2::uuid`,
        [projection.name, p.eventId, message.slice(0, 2000)],
      );
      return { ...base, outcome: 'failed' as const, error: message };
    }
    await tx.query('DELETE FROM projection_parked WHERE name = $1 AND event_id = $2::uuid', [
      projection.name,
      p.eventId,
    ]);
    return { ...base, outcome: 'applied' as const };
  });
}

/** The parked event as the store has it: by stream and revision, else by its position. */
async function loadEvent(store: EventStore, p: ParkedEvent): Promise<RecordedEvent | undefined> {
  if (p.streamId !== null && p.revision !== null) {
    const [event] = await store.readStream(p.streamId, { fromRevision: p.revision, toRevision: p.revision });
    return event?.id === p.eventId ? event : undefined;
  }
  const [commit, prepare] = p.position.split('-').map(BigInt);
  const [event] = await store.readAll({ after: { commit, prepare: prepare - 1n }, limit: 1 });
  return event?.id === p.eventId ? event : undefined;
}
