import type { DraftEvent } from '#drafting';
import { domainEventOf, occurredAtOf, type RecordedEvent } from '#event-store';

const DRAFT_STREAM = /^draft-([0-9a-f-]{36})$/;

/** The document id of a draft's stream, or undefined for other streams (registers, ...). */
export const documentIdOf = (streamId: string): string | undefined => DRAFT_STREAM.exec(streamId)?.[1];

export const toDraftEvent = (e: RecordedEvent): DraftEvent => domainEventOf<DraftEvent>(e);

/** Business time of an event (see occurredAtOf). */
export const occurredAt = occurredAtOf;
