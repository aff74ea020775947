import type { RecordedEvent } from './event-store.port.js';

/**
 * A recorded event as its domain sees it: type, data and schema version, without the store's
 * envelope. The caller names the union it expects; the store does not check it.
 */
export const domainEventOf = <E extends { readonly type: string }>(e: RecordedEvent): E =>
  ({ type: e.type, data: e.data, schemaVersion: e.metadata.schemaVersion }) as unknown as E;

/**
 * Business time of an event: the command's clock (metadata.occurredAt), or the store's own
 * recordedAt for events written without one. Reports, `asOf` and clocks go by this.
 */
export const occurredAtOf = (e: RecordedEvent): string =>
  typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt;
