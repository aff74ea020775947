import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store.port.js';

/**
 * Which parts of an event its hash covers.
 * - `'full'`: everything but its position and the hashes themselves (the SQL and in-memory
 *   stores: they know the store's time before they write).
 * - `'content'`: the same without `recordedAt` (the KurrentDB store: the server stamps its own
 *   time on the event only as it writes it, after the hash had to be computed; that time is part
 *   of the server's immutable log record rather than of the chain).
 * The two preimages are domain-separated (`'content'` hashes carry a scope tag and no
 * `recordedAt`), so a stored hash matches under one scope at most.
 */
export type HashScope = 'full' | 'content';

/** The parts of an event its hash covers: everything but its position and the hashes themselves. */
export interface HashedContent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

export type ChainVerdict = { ok: true } | { ok: false; revision: number; eventId: string; reason: string };

/**
 * JSON with object keys sorted at every depth, so the hash does not depend on the key order a
 * database (jsonb reorders keys) or a serialiser happens to produce. Follows JSON.stringify for
 * everything else (toJSON, undefined members dropped, undefined in arrays as null).
 */
export const canonicalJson = (value: unknown): string => {
  const v =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const members = Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
};

/**
 * SHA-256 (hex) over the predecessor's hash and this event's canonical JSON. The newline keeps
 * the two parts apart, so no choice of content can imitate another predecessor.
 */
export const hashEvent = (
  previousHash: string | null,
  e: Omit<HashedContent, 'recordedAt'> & { readonly recordedAt?: string },
  scope: HashScope = 'full',
): string => {
  const common = {
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
  };
  if (scope === 'full' && e.recordedAt === undefined) throw new TypeError("a 'full' hash needs recordedAt");
  const content = canonicalJson(
    scope === 'full' ? { ...common, recordedAt: e.recordedAt } : { ...common, hashScope: 'content' },
  );
  return createHash('sha256')
    .update(`${previousHash ?? ''}\n${content}`)
    .digest('hex');
};

/** The scope under which `e.hash` matches `e`'s content and predecessor, or undefined if none. */
export const hashScopeOf = (e: RecordedEvent): HashScope | undefined => {
  if (hashEvent(e.previousHash, e, 'full') === e.hash) return 'full';
  if (hashEvent(e.previousHash, e, 'content') === e.hash) return 'content';
  return undefined;
};

/**
 * Checks one stream's events, in the order read, and reports the first one that does not fit:
 * its content changed (hash), or its predecessor was changed, deleted or moved (previousHash,
 * revision). A slice that starts after revision 0 trusts its first event's previousHash. A
 * truncated tail is not detectable from the events alone. An event's hash may cover its
 * recordedAt or not (HashScope: it depends on the store that wrote it); either is accepted, and
 * the chain links (previousHash, revision) are checked the same way for both.
 */
export const verifyChain = (events: readonly RecordedEvent[]): ChainVerdict => {
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      revision: e.revision,
      eventId: e.id,
      reason,
    });
    const prev = i > 0 ? events[i - 1] : undefined;
    if (prev === undefined && e.revision === 0 && e.previousHash !== null) {
      return fail('the first event of a stream has a previousHash');
    }
    if (prev !== undefined) {
      if (e.revision !== prev.revision + 1)
        return fail(`revision ${e.revision} follows revision ${prev.revision}`);
      if (e.previousHash !== prev.hash) return fail("previousHash does not match the predecessor's hash");
    }
    if (hashScopeOf(e) === undefined) return fail('content does not match its hash');
  }
  return { ok: true };
};
