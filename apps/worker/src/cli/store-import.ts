import { describeRows, IMPORT_USAGE, importFromFile, parseTransferArgs, runCli } from './store-transfer.js';

// `npm run store:import -- <file[.gz]> [--store URL] [--read-models URL]`
//
// Loads a `npm run store:export` file into an empty store: every event at its original
// position with its hash, the read models and their checkpoints as they were (projections go
// on from there, nothing is replayed), and new events sort after the imported ones. All or
// nothing: a non-empty target, a file cut short or any difference found by the final check
// leaves the target as it was. Reads EVENT_STORE_URL and READ_MODEL_URL unless given.

runCli(async () => {
  const args = parseTransferArgs(process.argv.slice(2), IMPORT_USAGE);
  const rows = await importFromFile(args);
  process.stderr.write(`imported ${args.file}: ${describeRows(rows)}\n`);
  return 0;
});
