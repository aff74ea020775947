import { loadConfig } from '#config';
import { createEventStore, sealingKeyFrom, StoreSealer, writeSealExport } from '#event-store';

// `npm run seal [-- --export <file>] [-- --public-key]`
//
// Seals the store now (the worker also does so every SEAL_INTERVAL_SECONDS), then, with
// --export, writes every event and seal in global order with the public key for
// `npm run verify -- --from <file>`; --public-key prints the key to publish. Reads
// EVENT_STORE_URL and SEAL_SIGNING_KEY (embedded mode: DATA_DIR/seal-key.pem).

async function main(argv: readonly string[]): Promise<number> {
  let exportTo: string | undefined;
  let printKey = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--export') exportTo = argv[++i];
    else if (argv[i].startsWith('--export=')) exportTo = argv[i].slice('--export='.length);
    else if (argv[i] === '--public-key') printKey = true;
    else {
      process.stderr.write(
        `unknown argument ${argv[i]}\nusage: npm run seal -- [--export <file>] [--public-key]\n`,
      );
      return 2;
    }
  }
  const config = loadConfig();
  if (!config.seal.signingKey) {
    process.stderr.write('SEAL_SIGNING_KEY is required when EVENT_STORE_URL is not an embedded store\n');
    return 2;
  }
  const key = sealingKeyFrom(config.seal.signingKey);
  if (printKey) {
    process.stdout.write(key.publicKeyPem);
    return 0;
  }
  const store = await createEventStore(config.eventStoreUrl);
  try {
    const sealed = await new StoreSealer(store, key).sealOnce();
    process.stderr.write(
      sealed
        ? `sealed: seal ${sealed.sequence}, ${sealed.streams} streams, root ${sealed.root}\n`
        : 'nothing new to seal\n',
    );
    if (exportTo) {
      const { events } = await writeSealExport(store, exportTo, { publicKey: key.publicKeyPem });
      process.stderr.write(`exported ${events} events to ${exportTo} (key ${key.keyId})\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
