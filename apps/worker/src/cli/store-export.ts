import { describeRows, EXPORT_USAGE, exportToFile, parseTransferArgs, runCli } from './store-transfer.js';

// `npm run store:export -- <file[.gz]> [--store URL] [--read-models URL]`
//
// Writes the event store and its read models (checkpoints included) to one file, from
// consistent snapshots, for `npm run store:import` into another database: embedded PGlite to a
// PostgreSQL server, or one cluster to another. Positions and hashes travel unchanged. Reads
// EVENT_STORE_URL and READ_MODEL_URL unless given; stop the api first for a PGlite store (one
// process owns its files).

runCli(async () => {
  const args = parseTransferArgs(process.argv.slice(2), EXPORT_USAGE);
  const rows = await exportToFile(args);
  process.stderr.write(`exported to ${args.file}: ${describeRows(rows)}\n`);
  return 0;
});
