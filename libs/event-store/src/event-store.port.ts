import type { Position } from './position.js';

/** Who did it and why: carried by every event, never names or e-mail addresses. */
export interface EventMetadata {
  readonly actor: { readonly userId: string; readonly role: string; readonly agency: string };
  readonly correlationId: string;
  readonly causationId: string;
  readonly commandId: string;
  readonly schemaVersion: number;
  readonly [key: string]: unknown;
}

export interface NewEvent {
  /** Deterministic: UUIDv5 of the command id and the event's index (see `eventId`). */
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** 0-based revision of the event in its stream. */
  readonly revision: number;
  readonly position: Position;
  /** ISO-8601, from the store's clock, millisecond precision. */
  readonly recordedAt: string;
  /** SHA-256 (hex) over the predecessor's hash and this event's content. */
  readonly hash: string;
  readonly previousHash: string | null;
}

/** A number (the stream's current revision), `'no-stream'`, or `'any'`. */
export type ExpectedRevision = number | 'no-stream' | 'any';

export interface AppendResult {
  readonly streamId: string;
  /** Revision of the last event appended (or found, for a repeated append). */
  readonly revision: number;
  /** Global position of the last event. */
  readonly position: Position;
  /**
   * True when the events were already stored (same ids): nothing was written and the result is
   * the stored one's. The stored events may come from another request that reused the command's
   * idempotency key with a different body, so a caller answering its own decision must re-read.
   */
  readonly repeated?: boolean;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  readonly toRevision?: number;
  /** Only events recorded at or before this instant (time travel). */
  readonly until?: Date;
}

export interface ReadAllOptions {
  /** Exclusive lower bound; omitted means from the start. */
  readonly after?: Position;
  readonly limit: number;
}

/** What a store holds of one stream, for verifying it. */
export interface StreamAudit {
  /** In revision order, including any row at a revision no append could have written. */
  readonly events: RecordedEvent[];
  /** The revision of the last event as the stream's concurrency guard records it. */
  readonly headRevision: number | undefined;
}

/** The contract every adapter passes (libs/event-store/src/contract). */
export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several whole streams, each in revision order, keyed by stream id (a stream with no events
   * is there, empty): one statement on a SQL store, where a batch of work needs many streams.
   */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Events in global order, never passing a transaction that may still commit below it. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * For an audit (see verifyStream): every event row the store holds for the stream, whatever
   * its revision, and the head revision it records apart from the events. Optional: a store
   * whose events cannot be removed behind its back may leave it out.
   */
  readStreamForAudit?(streamId: string): Promise<StreamAudit>;
  close(): Promise<void>;
}

/** Injection token for the configured store. */
export const EVENT_STORE = Symbol('EVENT_STORE');
