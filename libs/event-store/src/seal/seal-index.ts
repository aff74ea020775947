import type { KeyObject } from 'node:crypto';
import type { EventStore } from '../event-store.port.js';
import { payloadDigest, SEAL_STREAM, sealDataOf, signatureHolds, type SealPayload } from './seal.js';
import type { LastSealed } from './verify-sealed.js';

/** When a stream was last sealed, and the head hash that seal signed for it. */
export interface SealedHead extends LastSealed {
  readonly headHash: string;
}

/** The first seal the index would not take (its signature, its link or its form), if any. */
export interface SealIndexProblem {
  readonly sequence: number;
  readonly reason: string;
}

/**
 * Each stream's newest sealed head, read from the seal stream and kept up to date by its
 * revision: a lookup reads only the seals appended since the last one (usually none), never
 * the whole stream again. With the published key every seal must hold under it and name its
 * predecessor; the index stops at the first that does not (what it reports from then on is the
 * last seal that held) and says so. Like the offline verifier, `sequence` and `sealedAt` are the
 * newest seal's (its root covers every stream), `revision` and `headHash` the stream's leaf.
 */
export class SealIndex {
  private revision = -1;
  private last: SealPayload | undefined;
  private heads = new Map<string, { revision: number; headHash: string }>();
  private broken: SealIndexProblem | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly publicKey: KeyObject | undefined,
  ) {}

  async lastSealed(streamId: string): Promise<SealedHead | null> {
    await this.refresh();
    const head = this.heads.get(streamId);
    if (!head || !this.last) return null;
    return { sequence: this.last.sequence, sealedAt: this.last.sealedAt, ...head };
  }

  /** The first seal that did not hold, once the index has met one. */
  async problem(): Promise<SealIndexProblem | undefined> {
    await this.refresh();
    return this.broken;
  }

  /** Reads the seals appended since the last refresh; concurrent callers share one read. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readNew(): Promise<void> {
    if (this.broken) return;
    const fresh = await this.store.readStream(SEAL_STREAM, { fromRevision: this.revision + 1 });
    for (const e of fresh) {
      if (e.revision !== this.revision + 1) {
        this.broken = { sequence: e.revision + 1, reason: `the seal stream skips to revision ${e.revision}` };
        return;
      }
      const data = sealDataOf(e);
      const sequence = e.revision + 1;
      const reason =
        typeof data === 'string'
          ? data
          : data.payload.sequence !== sequence
            ? `it says it is seal ${data.payload.sequence}`
            : this.publicKey && !signatureHolds(data, this.publicKey)
              ? 'its signature does not hold under the published key'
              : data.payload.previous !== (this.last ? payloadDigest(this.last) : null)
                ? 'it does not name the previous seal'
                : undefined;
      if (reason !== undefined || typeof data === 'string') {
        this.broken = { sequence, reason: reason ?? 'malformed' };
        return;
      }
      for (const leaf of data.changed)
        this.heads.set(leaf.streamId, { revision: leaf.revision, headHash: leaf.headHash });
      this.last = data.payload;
      this.revision = e.revision;
    }
  }
}
