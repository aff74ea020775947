import type { SqlClient } from '#event-store';
import { Inbox, UserDirectory } from '#notifications';
import { migrate } from '#projections';
import { deadlinesProjection } from '#deadlines/queue';

/**
 * Creates (or brings up to date) the tables deadlines read and write: the user directory, the
 * in-app inbox and the deadlines read model. Every process that reads them runs it at start, the
 * api without the worker side included; the advisory lock lets several start at once.
 */
export async function migrateDeadlineTables(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('draftline-notifications:' || current_schema())::bigint)`,
    );
    for (const statement of [...UserDirectory.ddl, ...Inbox.ddl]) await tx.query(statement);
  });
  await migrate(sql, [deadlinesProjection]);
}
