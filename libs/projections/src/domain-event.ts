import type { DraftEvent } from '#drafting';
import type { RecordedEvent } from '#event-store';

const DRAFT_STREAM = /^draft-([0-9a-f-]{36})$/;

/** The document id of a draft's stream, or undefined for other streams (registers, ...). */
export const documentIdOf = (streamId: string): string | undefined => DRAFT_STREAM.exec(streamId)?.[1];

export const toDraftEvent = (e: RecordedEvent): DraftEvent =>
  ({ type: e.type, data: e.data, schemaVersion: e.metadata.schemaVersion }) as DraftEvent;

/** Business time of an event: the command's clock, or the store's for events without one. */
export const occurredAt = (e: RecordedEvent): string =>
  typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt;
