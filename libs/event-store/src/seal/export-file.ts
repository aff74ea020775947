import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { formatPosition, parsePosition } from '../position.js';

export const SEAL_EXPORT_FORMAT = 'draftline-sealed-events';

/**
 * An export for offline verification: a header line
 * `{"format","version","exportedAt","publicKey"}` (the key is the store's own claim: a verifier
 * checks against the key published elsewhere), then one line per event in global order, its
 * seals included, with the position as `<commit>-<prepare>`. It goes through the port, so any
 * adapter can be exported.
 */
export interface SealExportHeader {
  readonly format: typeof SEAL_EXPORT_FORMAT;
  readonly version: 1;
  readonly exportedAt: string;
  readonly publicKey: string | null;
}

export const writeSealExport = async (
  store: EventStore,
  path: string,
  options: { publicKey: string | null; now?: Date; batch?: number },
): Promise<{ events: number }> => {
  const out = createWriteStream(path, { flags: 'wx' });
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  const header: SealExportHeader = {
    format: SEAL_EXPORT_FORMAT,
    version: 1,
    exportedAt: (options.now ?? new Date()).toISOString(),
    publicKey: options.publicKey,
  };
  await write(header);
  let count = 0;
  let after: RecordedEvent['position'] | undefined;
  const limit = options.batch ?? 1000;
  for (;;) {
    const page = await store.readAll({ after, limit });
    for (const e of page) await write({ ...e, position: formatPosition(e.position) });
    count += page.length;
    after = page.at(-1)?.position ?? after;
    if (page.length < limit) break;
  }
  out.end();
  await once(out, 'finish');
  return { events: count };
};

export const readSealExport = async (
  path: string,
): Promise<{ header: SealExportHeader; events: RecordedEvent[] }> => {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
  const header = JSON.parse(lines[0] ?? '{}') as SealExportHeader;
  if (header.format !== SEAL_EXPORT_FORMAT)
    throw new RangeError(`${path} is not a ${SEAL_EXPORT_FORMAT} export`);
  const events = lines.slice(1).map((line, i) => {
    const e = JSON.parse(line) as Omit<RecordedEvent, 'position'> & { position: string };
    const position = parsePosition(e.position);
    if (position === undefined)
      throw new RangeError(`${path} line ${i + 2}: position ${e.position} is malformed`);
    return { ...e, position };
  });
  return { header, events };
};
