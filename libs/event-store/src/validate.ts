import { validate as isUuid } from 'uuid';
import type { ExpectedRevision, NewEvent, ReadAllOptions } from './event-store.port.js';

/**
 * Input checks shared by every adapter. A bad call is a programming error (RangeError), and
 * catching it here keeps it from surfacing as a database error or, worse, as a retry loop
 * (a batch repeating its own id would look like a lost race forever).
 */
export const checkAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): void => {
  if (streamId.length === 0) throw new RangeError('stream id must not be empty');
  if (events.length === 0) throw new RangeError(`stream ${streamId}: an append needs at least one event`);
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new RangeError(
      `stream ${streamId}: expected revision must be an integer >= 0, 'no-stream' or 'any'`,
    );
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!isUuid(e.id)) throw new RangeError(`stream ${streamId}: event id ${e.id} is not a UUID`);
    const id = e.id.toLowerCase();
    if (ids.has(id)) throw new RangeError(`stream ${streamId}: event id ${e.id} appears twice in one append`);
    ids.add(id);
  }
};

export const checkReadAll = (options: ReadAllOptions): void => {
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
    throw new RangeError(`readAll limit must be an integer >= 1, got ${options.limit}`);
  }
};

/**
 * What the store keeps of data and metadata: exactly what a JSON column gives back, so the hash
 * computed at append matches the one recomputed from a read.
 */
export const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
