import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, DocumentNotFound, replay, type Draft } from '#drafting';
import { EVENT_STORE, verifyStream, type EventStore, type RecordedEvent } from '#event-store';
import { READ_MODELS, type ReadModels } from '#projections';
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
        /** null where the event at that revision is missing. */
        readonly eventId: string | null;
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

/**
 * Recomputes the document's hash chain against the store's record of its head and names the
 * first revision that does not match. Tampering is an answer (`intact: false`), never an error.
 */
@QueryHandler(VerifyDocumentQuery)
export class VerifyDocumentHandler implements IQueryHandler<VerifyDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
  ) {}

  async execute({ documentId, actor }: VerifyDocumentQuery): Promise<VerifyAnswer> {
    const { events, verdict } = await verifyStream(this.store, draftStream(documentId));
    // A tampered first event does not decide who sees the report: the status view does.
    const firstIntact = verdict.ok || verdict.revision > 0;
    const fromStream = assignedBy(events);
    const draft =
      (firstIntact ? fromStream : undefined) ?? (await this.fromStatusView(documentId)) ?? fromStream;
    if (draft === undefined || !canSee(draft, actor)) throw new DocumentNotFound(documentId);
    if (verdict.ok) return { documentId, intact: true, events: events.length };
    const { revision, eventId, reason } = verdict;
    return { documentId, intact: false, events: events.length, firstMismatch: { revision, eventId, reason } };
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
