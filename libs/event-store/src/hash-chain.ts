import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store.port.js';
import { comparePositions } from './position.js';

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

/**
 * Whether a chain holds, or the first place it does not: the revision and the event found there,
 * or `eventId: null` where the event at that revision is missing (nothing comes after it).
 */
export type ChainVerdict =
  { ok: true } | { ok: false; revision: number; eventId: string | null; reason: string };

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
 * the two parts apart, so no choice of content can imitate another predecessor. The in-memory
 * and KurrentDB stores hash with this; the SQL store hashes in its append statement
 * (sql/append.ts), which knows the store's time, and is checked against this on every read that
 * verifies.
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
 * truncated tail is not detectable from the events alone (verifyStreamHistory is, given the
 * stream's recorded head). An event's hash may cover its recordedAt or not (HashScope: it
 * depends on the store that wrote it); either is accepted, and the chain links (previousHash,
 * revision) are checked the same way for both.
 */
export const verifyChain = (events: readonly RecordedEvent[]): ChainVerdict => {
  for (let i = 0; i < events.length; i++) {
    const reason = linkFault(events[i], events[i - 1]);
    if (reason !== undefined) return mismatch(events[i], reason);
  }
  return { ok: true };
};

/**
 * Checks a whole stream: every event from revision 0 on, as the store holds it, against
 * `headRevision`, the revision the store recorded for the stream apart from its events
 * (undefined when it keeps none). Beyond verifyChain it reports a missing first event (at its
 * successor), a missing last one (at its revision), an event at a revision that cannot exist
 * (below 0 or beyond the head), and an event whose global position is not after its
 * predecessor's (within a stream both orders agree). Never throws on what it was given.
 */
export const verifyStreamHistory = (
  events: readonly RecordedEvent[],
  headRevision: number | undefined,
): ChainVerdict => {
  for (let i = 0; i < events.length; i++) {
    const [e, prev] = [events[i], events[i - 1]];
    if (e.revision < 0) return mismatch(e, `revision ${e.revision} is not a stream revision`);
    if (prev === undefined && e.revision > 0)
      return mismatch(e, `revision ${e.revision} has no predecessor: revision 0 is missing`);
    if (headRevision !== undefined && e.revision > headRevision)
      return mismatch(e, `revision ${e.revision} is beyond the stream’s recorded revision ${headRevision}`);
    const reason = linkFault(e, prev);
    if (reason !== undefined) return mismatch(e, reason);
    if (prev !== undefined && comparePositions(e.position, prev.position) <= 0)
      return mismatch(e, 'its global position is not after its predecessor’s');
  }
  const last = events.length > 0 ? events[events.length - 1].revision : -1;
  if (headRevision !== undefined && last < headRevision) {
    const revision = last + 1;
    const reason = `revision ${revision} is missing: the stream records revision ${headRevision}`;
    return { ok: false, revision, eventId: null, reason };
  }
  return { ok: true };
};

const mismatch = (e: RecordedEvent, reason: string): ChainVerdict => ({
  ok: false,
  revision: e.revision,
  eventId: e.id,
  reason,
});

/** Why `e` does not follow `prev` (undefined: `e` opens the slice) or its own hash, if it does not. */
const linkFault = (e: RecordedEvent, prev: RecordedEvent | undefined): string | undefined => {
  if (prev === undefined && e.revision === 0 && e.previousHash !== null)
    return 'the first event of a stream has a previousHash';
  if (prev !== undefined) {
    if (e.revision !== prev.revision + 1) return `revision ${e.revision} follows revision ${prev.revision}`;
    if (e.previousHash !== prev.hash) return "previousHash does not match the predecessor's hash";
  }
  if (hashScopeOf(e) === undefined) return 'content does not match its hash';
  return undefined;
};
