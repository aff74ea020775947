import { START, type Position, type RecordedEvent, type SqlClient } from '#event-store';

type Row = { commit: string; prepare: string };

export async function loadCheckpoint(sql: SqlClient, name: string): Promise<Position> {
  const [row] = await sql.query<Row>(
    'SELECT commit::text AS commit, prepare::text AS prepare FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : START;
}

/** Thrown when the checkpoint moved under us: another runner applied this batch (split brain). */
export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`checkpoint of ${name} was moved by another runner`);
    this.name = 'CheckpointMoved';
  }
}

/**
 * Locks the checkpoint row for the rest of the transaction and checks it still is `from`: the
 * first statement of every batch, so batches and a rebuild's swap queue on this one row (always
 * taken before the read-model tables: no deadlock), and a batch that waited behind a swap stops
 * here instead of applying events the swapped-in tables already hold.
 */
export async function lockCheckpoint(tx: SqlClient, name: string, from: Position): Promise<void> {
  const [row] = await tx.query<Row>(
    `SELECT commit::text AS commit, prepare::text AS prepare FROM projection_checkpoints
      WHERE name = $1 FOR UPDATE`,
    [name],
  );
  if (row && (BigInt(row.commit) !== from.commit || BigInt(row.prepare) !== from.prepare))
    throw new CheckpointMoved(name);
}

/**
 * Moves the checkpoint from `from` to the last event's position, inside the batch's transaction.
 * A compare-and-set: if another runner moved it first (a lock lost and taken over while this
 * one still ran), the whole batch rolls back instead of being applied twice.
 */
export async function saveCheckpoint(
  tx: SqlClient,
  name: string,
  from: Position,
  last: RecordedEvent,
  occurredAt: string,
): Promise<void> {
  const params = [name, last.position.commit.toString(), last.position.prepare.toString()];
  const times = [last.recordedAt, occurredAt];
  const moved = await tx.query(
    `INSERT INTO projection_checkpoints AS c (name, commit, prepare, last_recorded_at, last_occurred_at)
     VALUES ($1, $2::bigint, $3::bigint, $4::timestamptz, $5::timestamptz)
     ON CONFLICT (name) DO UPDATE SET commit = EXCLUDED.commit, prepare = EXCLUDED.prepare,
       last_recorded_at = EXCLUDED.last_recorded_at, last_occurred_at = EXCLUDED.last_occurred_at,
       updated_at = now()
     WHERE c.commit = $6::bigint AND c.prepare = $7::bigint
     RETURNING 1`,
    [...params, ...times, from.commit.toString(), from.prepare.toString()],
  );
  if (moved.length === 0) throw new CheckpointMoved(name);
}

/** Records an event the projection could not apply after every attempt; the runner moves on. */
export async function park(
  tx: SqlClient,
  name: string,
  event: RecordedEvent,
  error: unknown,
  attempts: number,
): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await tx.query(
    `INSERT INTO projection_parked (name, event_id, commit, prepare, error, attempts, stream_id, revision)
     VALUES ($1, $2::uuid, $3::bigint, $4::bigint, $5, $6::integer, $7, $8::bigint)
     ON CONFLICT (name, event_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts`,
    [
      name,
      event.id,
      event.position.commit.toString(),
      event.position.prepare.toString(),
      message.slice(0, 2000),
      attempts,
      event.streamId,
      event.revision,
    ],
  );
}
