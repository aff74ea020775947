import type { SqlClient } from '#event-store';
import type { Projection } from '../projection.js';

/** The runner's own tables, beside the read models in the read-model database. */
const RUNNER_DDL = [
  `CREATE TABLE IF NOT EXISTS read_model_migrations (
     projection text NOT NULL,
     migration integer NOT NULL,
     applied_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (projection, migration)
   )`,
  `CREATE TABLE IF NOT EXISTS projection_checkpoints (
     name text PRIMARY KEY,
     commit bigint NOT NULL,
     prepare bigint NOT NULL,
     last_recorded_at timestamptz,
     last_occurred_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS projection_parked (
     name text NOT NULL,
     event_id uuid NOT NULL,
     commit bigint NOT NULL,
     prepare bigint NOT NULL,
     error text NOT NULL,
     attempts integer NOT NULL,
     parked_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (name, event_id)
   )`,
  // Where a parked event is in the store, so an admin's replay can read it back from any store.
  `ALTER TABLE projection_parked ADD COLUMN IF NOT EXISTS stream_id text`,
  `ALTER TABLE projection_parked ADD COLUMN IF NOT EXISTS revision bigint`,
];

/**
 * Creates the runner's tables and runs each projection's pending migrations, once, under a
 * transaction-scoped advisory lock per schema (two processes starting together must not race).
 */
export async function migrate(sql: SqlClient, projections: readonly Projection[]): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('draftline-read-models:' || current_schema())::bigint)`,
    );
    for (const statement of RUNNER_DDL) await tx.query(statement);
    for (const p of projections) {
      const [row] = await tx.query<{ done: number | null }>(
        'SELECT max(migration) AS done FROM read_model_migrations WHERE projection = $1',
        [p.name],
      );
      const done = Number(row?.done ?? 0);
      for (let i = done; i < p.migrations.length; i++) {
        await tx.query(p.migrations[i]);
        await tx.query('INSERT INTO read_model_migrations (projection, migration) VALUES ($1, $2::integer)', [
          p.name,
          i + 1,
        ]);
      }
    }
  });
}
