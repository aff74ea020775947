import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, DocumentNotFound, replay, type Draft } from '#drafting';
import {
  EVENT_STORE,
  verifyStream,
  type EventStore,
  type LastSealed,
  type RecordedEvent,
  type SealIndex,
} from '#event-store';
import { READ_MODELS, type ReadModels } from '#projections';
import { SEAL_INDEX } from '../audit/audit.module.js';
import type { Principal } from '../auth/principal.js';
import { draftStream, toDomainEvent } from './draft-stream.js';

export interface VerifyAnswer {
  readonly documentId: string;
  /** False when the chain breaks, or no longer leads to the head its last seal signed. */
  readonly intact: boolean;
  readonly events: number;
  /** Present when intact is false: the first event that does not match. */
  readonly firstMismatch?: {
    readonly revision: number;
    /** null where the event at that revision is missing. */
    readonly eventId: string | null;
    readonly reason: string;
  };
  /** The newest seal and the document's revision it covers; null: never sealed. */
  readonly lastSealed: LastSealed | null;
  /** Present when the stored chain differs, at the sealed revision, from the head the seal signed. */
  readonly rewritten?: {
    readonly sequence: number;
    readonly revision: number;
    readonly sealedHash: string;
    /** null where the store no longer holds that revision. */
    readonly storedHash: string | null;
  };
}

export class VerifyDocumentQuery extends Query<VerifyAnswer> {
  constructor(
    readonly documentId: string,
    readonly actor: Principal,
  ) {
    super();
  }
}

/**
 * Recomputes the document's hash chain against the store's record of its head and names the
 * first revision that does not match. Tampering is an answer (`intact: false`), never an error.
 */
@QueryHandler(VerifyDocumentQuery)
export class VerifyDocumentHandler implements IQueryHandler<VerifyDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(SEAL_INDEX) private readonly seals: SealIndex,
  ) {}

  async execute({ documentId, actor }: VerifyDocumentQuery): Promise<VerifyAnswer> {
    const { events, verdict } = await verifyStream(this.store, draftStream(documentId));
    // A tampered first event does not decide who sees the report: the status view does.
    const firstIntact = verdict.ok || verdict.revision > 0;
    const fromStream = assignedBy(events);
    const draft =
      (firstIntact ? fromStream : undefined) ?? (await this.fromStatusView(documentId)) ?? fromStream;
    if (draft === undefined || !canSee(draft, actor)) throw new DocumentNotFound(documentId);
    const sealed = await this.seals.lastSealed(draftStream(documentId));
    const lastSealed = sealed && {
      sequence: sealed.sequence,
      sealedAt: sealed.sealedAt,
      revision: sealed.revision,
    };
    const base = { documentId, events: events.length, lastSealed };
    // A chain rewritten with recomputed hashes fits itself: the seal's signed head shows it.
    const atSeal = sealed ? events.find((e) => e.revision === sealed.revision) : undefined;
    const rewritten =
      sealed && atSeal?.hash !== sealed.headHash
        ? {
            sequence: sealed.sequence,
            revision: sealed.revision,
            sealedHash: sealed.headHash,
            storedHash: atSeal?.hash ?? null,
          }
        : undefined;
    if (!verdict.ok) {
      const { revision, eventId, reason } = verdict;
      return {
        ...base,
        intact: false,
        firstMismatch: { revision, eventId, reason },
        ...(rewritten && { rewritten }),
      };
    }
    if (!rewritten) return { ...base, intact: true };
    const reason = atSeal
      ? `seal ${rewritten.sequence} signed revision ${rewritten.revision} as ${rewritten.sealedHash}, the store has ${rewritten.storedHash}: the chain was rewritten at or before it with recomputed hashes`
      : `seal ${rewritten.sequence} covers revision ${rewritten.revision}, which the store no longer holds`;
    return {
      ...base,
      intact: false,
      firstMismatch: { revision: rewritten.revision, eventId: atSeal?.id ?? null, reason },
      rewritten,
    };
  }

  /** The document as the status view last saw it: who may see it when its first event is gone. */
  private async fromStatusView(documentId: string): Promise<Draft | undefined> {
    if (!this.readModels) return undefined;
    const [row] = await this.readModels.sql.query<{ state: Draft }>(
      'SELECT state FROM document_status WHERE id = $1::uuid',
      [documentId],
    );
    return row?.state;
  }
}

/**
 * The document as its assignment (revision 0) made it: visibility is judged on that event
 * alone, so a tampered later event cannot hide the document; undefined when it is missing or no
 * longer an assignment.
 */
const assignedBy = (events: readonly RecordedEvent[]): Draft | undefined => {
  const first = events[0];
  if (first?.revision !== 0) return undefined;
  try {
    return replay([toDomainEvent(first)]);
  } catch {
    return undefined;
  }
};
