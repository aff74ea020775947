import { v5 as uuidv5 } from 'uuid';
import type { DraftEvent } from '#drafting';
import { domainEventOf, occurredAtOf, type RecordedEvent } from '#event-store';

/** Namespace for ids derived from idempotency keys (documents and command ids). */
const NAMESPACE = '6f1c8a52-9d0b-4c55-9a36-3a0e7c1d2b47';

export const draftStream = (documentId: string) => `draft-${documentId}`;

/**
 * A command's id: derived from the caller's Idempotency-Key (scoped to the stream and the user,
 * so two users' keys never collide), or random when there is none. Event ids derive from it.
 */
export const commandIdFor = (
  stream: string,
  userId: string,
  key: string | undefined,
  random: () => string,
) => (key ? uuidv5(`${stream}\n${userId}\n${key}`, NAMESPACE) : random());

/** A new document's id: deterministic under an Idempotency-Key, so a retried assignment is the same document. */
export const documentIdFor = (userId: string, key: string | undefined, random: () => string) =>
  key ? uuidv5(`assign\n${userId}\n${key}`, NAMESPACE) : random();

export const toDomainEvent = (e: RecordedEvent): DraftEvent => domainEventOf<DraftEvent>(e);

/** Business time of an event (see occurredAtOf). */
export const occurredAt = occurredAtOf;
