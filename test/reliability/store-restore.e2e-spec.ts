import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  comparePositions,
  createPgEventStore,
  eventId,
  verifyStream,
  type NewEvent,
  type PostgresEventStore,
  type RecordedEvent,
} from '#event-store';
import { dropSchemas } from '../support/cleanup.js';
import { DATABASE_URL } from '../support/stores.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { freePort } from './support/processes.js';

// Issue 8 item 10, the way an operator meets it: pg_dump of a store on one server, pg_restore
// into a new cluster (whose transaction counter is far behind the history's), start. The
// restored history must be readable in its order and new events must sort after it.

const run = promisify(execFile);
// Taken as the file starts: a fixed port in the ephemeral range may be held by any connection.
const PORT = await freePort();
const schema = `restore_${randomBytes(6).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'draftline-restore-'));

let cluster: PrivatePostgres | undefined;
const stores: PostgresEventStore[] = [];

afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await cluster?.destroy();
  await dropSchemas(schema);
  rmSync(dir, { recursive: true, force: true });
});

const events = (n: number): NewEvent[] => {
  const commandId = randomUUID();
  return Array.from({ length: n }, (_, i) => ({
    id: eventId(commandId, i),
    type: 'Tested',
    data: { i, text: 'Dự thảo' },
    metadata: {
      actor: { userId: 'u', role: 'drafter', agency: 'a' },
      correlationId: commandId,
      causationId: commandId,
      commandId,
      schemaVersion: 1,
    },
  }));
};

/** Everything readAll returns now, page by page. */
async function readEverything(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all[all.length - 1]?.position, limit: 50 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

it('reads a pg_dump restored into a younger cluster in its order, and sorts new events after it', async () => {
  const source = await createPgEventStore({ url: DATABASE_URL, schema });
  stores.push(source);
  const streams = [1, 2, 3].map(() => `restore-${randomUUID()}`);
  for (const s of streams) {
    await source.append(s, events(2), { expectedRevision: 'no-stream' });
    await source.append(s, events(1), { expectedRevision: 1 });
  }
  const dump = join(dir, 'store.dump');
  await run('pg_dump', ['--dbname', DATABASE_URL, '--schema', schema, '--format', 'custom', '--file', dump]);

  cluster = await startPrivatePostgres(PORT);
  await run('pg_restore', ['--dbname', cluster.url, '--no-owner', dump]);
  const restored = await createPgEventStore({ url: cluster.url, schema }); // a process starting
  stores.push(restored);

  const original = (
    await source.sql.query<{ id: string; commit: string; prepare: string }>(
      `SELECT id::text AS id, commit_order::text AS commit, position::text AS prepare FROM events
      ORDER BY commit_order, position`,
    )
  ).map((r) => ({ id: r.id, position: { commit: BigInt(r.commit), prepare: BigInt(r.prepare) } }));
  const [younger] = await restored.sql.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
  expect(BigInt(younger.xid)).toBeLessThan(original[0].position.commit); // the scenario holds

  const read = await readEverything(restored);
  expect(read.map((e) => ({ id: e.id, position: e.position }))).toEqual(original);
  for (const s of streams) expect((await verifyStream(restored, s)).verdict).toEqual({ ok: true });

  const appended = await restored.append(streams[0], events(1), { expectedRevision: 2 });
  expect(comparePositions(appended.position, original[original.length - 1].position)).toBeGreaterThan(0);
  const after = await readEverything(restored);
  expect(after.map((e) => e.id)).toEqual([...original.map((e) => e.id), after[after.length - 1].id]);
  expect(after).toHaveLength(original.length + 1);
});
