export * from './event-store.port.js';
export * from './position.js';
export * from './errors.js';
export { eventId, EVENT_ID_NAMESPACE } from './event-id.js';
export {
  canonicalJson,
  hashEvent,
  hashScopeOf,
  verifyChain,
  verifyStreamHistory,
  type ChainVerdict,
  type HashedContent,
  type HashScope,
} from './hash-chain.js';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './in-memory-event-store.js';
export type { SqlClient } from './sql/sql-client.js';
export { PgClient, type PgClientOptions } from './sql/pg-client.js';
export { PgliteClient, type PgliteClientOptions } from './sql/pglite-client.js';
export { PostgresEventStore } from './sql/postgres-event-store.js';
export { createPgEventStore, createPgliteEventStore } from './sql/factories.js';
export {
  KurrentDBEventStore,
  type KurrentClient,
  type KurrentDBEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store.js';
export { createEventStore, type ConfiguredEventStore } from './store-from-url.js';
export { domainEventOf, occurredAtOf } from './recorded-event.js';
export { verifyStream, type StreamVerification } from './verify-stream.js';
export * from './seal/index.js';
export { exportStore, type ExportOptions, type ExportSummary } from './sql/transfer/export.js';
export { importStore, ImportRefused, type ImportOptions } from './sql/transfer/import.js';
export type { TransferProgress } from './sql/transfer/format.js';
/** SQL for the snapshot rule's bound on `commit_order` (for counting what readAll still hides). */
export { READ_BOUND } from './sql/schema.js';
/** The store's row mapping, for read sides that query the events table directly (rebuilds). */
export { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './sql/rows.js';
export { storeHead } from './sql/head.js';
