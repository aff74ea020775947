import type { DraftEvent } from '#drafting';
import { domainEventOf, occurredAtOf, type RecordedEvent } from '#event-store';

const DRAFT_STREAM = /^draft-([0-9a-f-]{36})$/;

const DOCUMENT_STREAM = /^(draft|deadline)-([0-9a-f-]{36})$/;

/** The document id of a draft's stream, or undefined for other streams (registers, ...). */
export const documentIdOf = (streamId: string): string | undefined => DRAFT_STREAM.exec(streamId)?.[1];

/**
 * Which stream of a document `streamId` is: `draft` (what people did; its revision is the
 * document's) or `deadline` (what the deadline worker recorded); undefined for other streams.
 */
export function documentStreamOf(
  streamId: string,
): { documentId: string; stream: 'draft' | 'deadline' } | undefined {
  const match = DOCUMENT_STREAM.exec(streamId);
  return match === null ? undefined : { documentId: match[2], stream: match[1] as 'draft' | 'deadline' };
}

export const toDraftEvent = (e: RecordedEvent): DraftEvent => domainEventOf<DraftEvent>(e);

/** Business time of an event (see occurredAtOf). */
export const occurredAt = occurredAtOf;
