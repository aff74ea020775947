import { readFileSync } from 'node:fs';
import { publicKeyFrom, readSealExport, verifySealedExport } from '#event-store';

// `npm run verify -- --from <export> [--document <id>] [--key <public key file>]`
//
// Checks an export written by `npm run seal -- --export <file>` with no database: every
// stream's hash chain and every seal (signature under the published key, link to the previous
// seal, Merkle root, sealed heads against the events). Names the first event and the first
// checkpoint that do not match; exit 0 when all holds, 1 when something does not, 2 on bad use.
// Without --key it uses the key the export itself carries, and says so: that shows the export
// is whole, not that it comes from the store whose key was published.

const USAGE = 'usage: npm run verify -- --from <export> [--document <id>] [--key <public-key.pem>]';

async function main(argv: readonly string[]): Promise<number> {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(from|document|key)(?:=(.*))?$/.exec(argv[i]);
    if (!m) return usage(`unknown argument ${argv[i]}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) return usage(`--${m[1]} needs a value`);
    opts[m[1]] = value;
  }
  if (!opts.from) return usage('--from is required');
  const { header, events } = await readSealExport(opts.from);
  const keyText = opts.key ? readFileSync(opts.key, 'utf8') : header.publicKey;
  if (!keyText) return usage('the export carries no public key: give --key');
  if (!opts.key)
    process.stderr.write(
      'note: checking against the key inside the export; give --key for the published one\n',
    );
  const document = opts.document;
  const verdict = verifySealedExport(events, publicKeyFrom(keyText), {
    ...(document && { streams: (id: string) => id === `draft-${document}` || id === `deadline-${document}` }),
  });
  process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  const e = verdict.firstEvent;
  const c = verdict.firstCheckpoint;
  process.stderr.write(
    verdict.ok
      ? `intact: ${verdict.events} events in ${verdict.streams} streams, ${verdict.seals} seals\n`
      : [
          e &&
            `first event that does not match: ${e.streamId} revision ${e.revision} (${e.eventId ?? 'missing'}): ${e.reason}`,
          c &&
            `first checkpoint that does not match: seal ${c.sequence}${c.sealedAt ? ` of ${c.sealedAt}` : ''}${c.streamId ? ` for ${c.streamId}` : ''}: ${c.reason}`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
  );
  return verdict.ok ? 0 : 1;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
