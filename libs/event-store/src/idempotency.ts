import { IdempotencyMismatchError } from './errors.js';
import type { AppendResult } from './event-store.port.js';
import type { Position } from './position.js';

/** Where an already stored event sits, as far as a repeated append needs to know. */
export interface StoredEventRef {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
}

/**
 * Decides whether an append repeats an earlier one. `ids` are the append's event ids (lower
 * case), `found` the stored events among them. No id found: a new append (undefined). All found,
 * in this stream, at consecutive revisions in the same order: the same append again, answered
 * with the original result, marked `repeated`. Anything else shares ids with a different append: a mismatch.
 */
export const repeatedAppend = (
  streamId: string,
  ids: readonly string[],
  found: readonly StoredEventRef[],
): AppendResult | undefined => {
  if (found.length === 0) return undefined;
  const byId = new Map(found.map((f) => [f.id.toLowerCase(), f]));
  const refs = ids.map((id) => byId.get(id));
  const first = refs[0];
  const same =
    first !== undefined &&
    refs.every((r, i) => r !== undefined && r.streamId === streamId && r.revision === first.revision + i);
  if (!same) throw new IdempotencyMismatchError(streamId);
  const last = refs[refs.length - 1] as StoredEventRef;
  return { streamId, revision: last.revision, position: last.position, repeated: true };
};
