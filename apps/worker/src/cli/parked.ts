import { loadConfig } from '#config';
import { createEventStore } from '#event-store';
import {
  listParked,
  openReadModelDatabase,
  PROJECTIONS,
  replayParked,
  skipParked,
  type Projection,
} from '#projections';

// `npm run projections:parked -- list [<projection>]`
// `npm run projections:parked -- replay <projection> [<event id>]`   (all of it, in order, when no id)
// `npm run projections:parked -- skip <projection> <event id>`
//
// Events a projection parked after a deterministic error: list them, apply them again once the
// cause is mended (a replayed event is un-parked on success), or skip one for good. Reads
// EVENT_STORE_URL and READ_MODEL_URL like the api and the worker. An embedded (PGlite) database
// is opened by one process at a time: stop the api first, or use POST /admin/projections/….

const USAGE = [
  'usage: npm run projections:parked -- list [<projection>]',
  '       npm run projections:parked -- replay <projection> [<event id>]',
  '       npm run projections:parked -- skip <projection> <event id>',
  `projections: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
].join('\n');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

type Command =
  | { readonly verb: 'list'; readonly projection?: Projection }
  | { readonly verb: 'replay'; readonly projection: Projection; readonly eventId?: string }
  | { readonly verb: 'skip'; readonly projection: Projection; readonly eventId: string };

function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) throw new UsageError('');
  const [verb, name, eventId, ...rest] = argv;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  const projectionOf = (n: string | undefined): Projection => {
    const projection = PROJECTIONS.find((p) => p.name === n);
    if (!projection) throw new UsageError(n ? `no projection named ${n}` : 'name a projection');
    return projection;
  };
  const idOf = (id: string | undefined): string => {
    if (!id || !UUID.test(id))
      throw new UsageError(id ? `${id} is not an event id (a UUID)` : 'name an event id');
    return id.toLowerCase();
  };
  if (verb === 'list') {
    if (eventId !== undefined) throw new UsageError('list takes at most a projection');
    return { verb, projection: name === undefined ? undefined : projectionOf(name) };
  }
  if (verb === 'replay')
    return {
      verb,
      projection: projectionOf(name),
      eventId: eventId === undefined ? undefined : idOf(eventId),
    };
  if (verb === 'skip') return { verb, projection: projectionOf(name), eventId: idOf(eventId) };
  throw new UsageError(verb ? `unknown command ${verb}` : '');
}

async function main(): Promise<number> {
  const command = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const store = await createEventStore(config.eventStoreUrl);
  const db = await openReadModelDatabase(config.readModelUrl, store);
  try {
    if (!db) throw new Error('no SQL database for read models (the in-memory store): nothing is parked');
    return await run(command, store, db.sql);
  } finally {
    if (db?.owned) await db.sql.close();
    await store.close();
  }
}

async function run(
  command: Command,
  store: Parameters<typeof replayParked>[0]['store'],
  sql: Parameters<typeof listParked>[0],
): Promise<number> {
  if (command.verb === 'list') {
    const parked = await listParked(sql, command.projection?.name);
    for (const p of parked)
      process.stdout.write(
        `${p.projection}\t${p.eventId}\t${p.position}\t${p.streamId ?? '-'}@${p.revision ?? '-'}\t` +
          `${p.attempts} attempts\t${p.parkedAt}\t${p.error}\n`,
      );
    process.stderr.write(`${parked.length} parked event(s)\n`);
    return 0;
  }
  if (command.verb === 'skip') {
    const done = await skipParked(sql, command.projection.name, command.eventId);
    process.stderr.write(done ? `skipped ${command.eventId}\n` : `${command.eventId} is not parked\n`);
    return done ? 0 : 1;
  }
  const outcomes = await replayParked({
    store,
    sql,
    projection: command.projection,
    eventId: command.eventId,
  });
  for (const o of outcomes)
    process.stdout.write(`${o.projection}\t${o.eventId}\t${o.outcome}${o.error ? `\t${o.error}` : ''}\n`);
  const failed = outcomes.filter((o) => o.outcome !== 'applied').length;
  process.stderr.write(`${outcomes.length - failed} applied, ${failed} still parked or missing\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
