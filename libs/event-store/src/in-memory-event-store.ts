import { ConcurrencyError } from './errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.port.js';
import { hashEvent } from './hash-chain.js';
import { repeatedAppend, type StoredEventRef } from './idempotency.js';
import { comparePositions, START } from './position.js';
import { asStored, checkAppend, checkReadAll } from './validate.js';

export interface InMemoryEventStoreOptions {
  /** The store's clock; tests may fix it. Defaults to the system clock. */
  readonly now?: () => Date;
}

/**
 * The event store in process memory, for unit tests: the same semantics as the SQL adapters
 * (idempotent appends, expected revisions, hash chain) with positions `{ commit: n, prepare: n }`.
 * Each append runs without an `await` between its checks and its writes, which makes it atomic
 * on Node's single thread.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly all: RecordedEvent[] = [];
  private readonly byId = new Map<string, StoredEventRef>();
  private readonly now: () => Date;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.checkOpen();
    checkAppend(streamId, events, options.expectedRevision);
    const ids = events.map((e) => e.id.toLowerCase());
    const found = ids.flatMap((id) => this.byId.get(id) ?? []);
    const repeated = repeatedAppend(streamId, ids, found);
    if (repeated) return repeated;

    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length === 0 ? 'no-stream' : stream.length - 1;
    const expected = options.expectedRevision;
    if (expected !== 'any' && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);

    const last = stream[stream.length - 1];
    // The store's time never runs backwards within a stream, so `until` cuts a stream cleanly.
    const nowMs = Math.max(this.now().getTime(), last ? Date.parse(last.recordedAt) : 0);
    const recordedAt = new Date(nowMs).toISOString();
    let previousHash = last?.hash ?? null;
    for (const [i, e] of events.entries()) {
      const n = BigInt(this.all.length + 1);
      const content = {
        id: ids[i],
        streamId,
        revision: stream.length,
        type: e.type,
        data: asStored(e.data),
        metadata: asStored(e.metadata),
        recordedAt,
      };
      const hash = hashEvent(previousHash, content);
      const recorded: RecordedEvent = { ...content, position: { commit: n, prepare: n }, hash, previousHash };
      stream.push(recorded);
      this.all.push(recorded);
      this.byId.set(recorded.id, recorded);
      previousHash = hash;
    }
    this.streams.set(streamId, stream);
    const tail = stream[stream.length - 1];
    return { streamId, revision: tail.revision, position: tail.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const { fromRevision = 0, toRevision = Number.MAX_SAFE_INTEGER, until } = options;
    return (this.streams.get(streamId) ?? [])
      .filter((e) => e.revision >= fromRevision && e.revision <= toRevision)
      .filter((e) => until === undefined || Date.parse(e.recordedAt) <= until.getTime())
      .map(copy);
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    this.checkOpen();
    return new Map(streamIds.map((id) => [id, (this.streams.get(id) ?? []).map(copy)]));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.checkOpen();
    checkReadAll(options);
    const after = options.after ?? START;
    // Appends are synchronous, so there is never an open transaction to wait for.
    return this.all
      .filter((e) => comparePositions(e.position, after) > 0)
      .slice(0, options.limit)
      .map(copy);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the in-memory event store is closed');
  }
}

/** Readers get copies, so a caller mutating an event cannot rewrite history. */
const copy = (e: RecordedEvent): RecordedEvent => ({
  ...e,
  data: asStored(e.data),
  metadata: asStored(e.metadata),
});
