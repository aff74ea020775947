import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store.port.js';

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
export const hashEvent = (previousHash: string | null, e: HashedContent): string => {
  const content = canonicalJson({
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  });
  return createHash('sha256')
    .update(`${previousHash ?? ''}\n${content}`)
    .digest('hex');
};

/**
 * Checks one stream's events, in the order read, and reports the first one that does not fit:
 * its content changed (hash), or its predecessor was changed, deleted or moved (previousHash,
 * revision). A slice that starts after revision 0 trusts its first event's previousHash. A
 * truncated tail is not detectable from the events alone.
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
    if (hashEvent(e.previousHash, e) !== e.hash) return fail('content does not match its hash');
  }
  return { ok: true };
};
