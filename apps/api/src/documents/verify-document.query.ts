import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, DocumentNotFound, replay } from '#drafting';
import { EVENT_STORE, verifyChain, type EventStore } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { draftStream, toDomainEvent } from './draft-stream.js';

export type VerifyAnswer =
  | { readonly documentId: string; readonly intact: true; readonly events: number }
  | {
      readonly documentId: string;
      readonly intact: false;
      readonly events: number;
      readonly firstMismatch: {
        readonly revision: number;
        readonly eventId: string;
        readonly reason: string;
      };
    };

export class VerifyDocumentQuery extends Query<VerifyAnswer> {
  constructor(
    readonly documentId: string,
    readonly actor: Principal,
  ) {
    super();
  }
}

/** Recomputes the document's hash chain and names the first event that does not match. */
@QueryHandler(VerifyDocumentQuery)
export class VerifyDocumentHandler implements IQueryHandler<VerifyDocumentQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ documentId, actor }: VerifyDocumentQuery): Promise<VerifyAnswer> {
    const history = await this.store.readStream(draftStream(documentId));
    // Visibility is judged on the first event alone: a tampered later event must not hide the document.
    const first = history.length > 0 ? replay([toDomainEvent(history[0])]) : undefined;
    if (first === undefined || !canSee(first, actor)) throw new DocumentNotFound(documentId);
    const verdict = verifyChain(history);
    if (verdict.ok) return { documentId, intact: true, events: history.length };
    const { revision, eventId, reason } = verdict;
    return {
      documentId,
      intact: false,
      events: history.length,
      firstMismatch: { revision, eventId, reason },
    };
  }
}
