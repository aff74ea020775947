import type { EventStore, RecordedEvent } from './event-store.port.js';
import { verifyStreamHistory, type ChainVerdict } from './hash-chain.js';

export interface StreamVerification {
  /** The events as read for the check (any revision the store holds). */
  readonly events: RecordedEvent[];
  readonly verdict: ChainVerdict;
}

/**
 * Verifies one whole stream against the store's own record of its head (where the store keeps
 * one): a change, deletion, insertion or reordering of any event, the first and last included,
 * is reported at the first revision that no longer fits. What it cannot see is a consistent
 * rewrite of events, hashes and head together; sealing the heads with a key outside the
 * database is what covers that.
 */
export const verifyStream = async (store: EventStore, streamId: string): Promise<StreamVerification> => {
  const audit = store.readStreamForAudit
    ? await store.readStreamForAudit(streamId)
    : { events: await store.readStream(streamId), headRevision: undefined };
  return { events: audit.events, verdict: verifyStreamHistory(audit.events, audit.headRevision) };
};
