import { ConcurrencyError } from '../errors.js';
import type { EventStore } from '../event-store.port.js';
import { formatPosition, parsePosition, type Position } from '../position.js';
import type { SealingKey } from './keys.js';
import { merkleRoot, type SealLeaf } from './merkle.js';
import {
  payloadDigest,
  SEAL_FORMAT,
  SEAL_STREAM,
  sealDataOf,
  sealEvent,
  signPayload,
  type SealPayload,
} from './seal.js';

export interface SealerOptions {
  readonly now?: () => Date;
  /** Events per readAll page. */
  readonly batch?: number;
}

/**
 * Seals the store: reads every event after the last seal in global order (readAll never passes
 * a transaction that may still commit below it, so the cut is consistent), keeps each stream's
 * head, and appends a signed seal over all heads when any moved. It starts from the seal stream
 * (the last seal's position and, from every seal's changed leaves, all heads), not from the
 * first event. Several sealers may run: the append expects the seal stream's revision, so the
 * loser of a race reloads instead of writing a second seal.
 */
export class StoreSealer {
  private readonly now: () => Date;
  private readonly batch: number;
  private loaded = false;
  private heads = new Map<string, SealLeaf>();
  private changed = new Map<string, SealLeaf>();
  private last: SealPayload | undefined;
  private cursor: Position | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly key: SealingKey,
    options: SealerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.batch = options.batch ?? 1000;
  }

  /** Seals what is new; the seal's payload, or undefined when nothing moved (or another sealer won). */
  async sealOnce(): Promise<SealPayload | undefined> {
    if (!this.loaded) await this.load();
    for (;;) {
      const page = await this.store.readAll({ after: this.cursor, limit: this.batch });
      for (const e of page) {
        this.cursor = e.position;
        if (e.streamId === SEAL_STREAM) continue;
        const leaf = { streamId: e.streamId, revision: e.revision, headHash: e.hash };
        this.heads.set(e.streamId, leaf);
        this.changed.set(e.streamId, leaf);
      }
      if (page.length < this.batch) break;
    }
    if (this.changed.size === 0 || this.cursor === undefined) return undefined;
    const payload: SealPayload = {
      format: SEAL_FORMAT,
      version: 1,
      sequence: (this.last?.sequence ?? 0) + 1,
      sealedAt: this.now().toISOString(),
      position: formatPosition(this.cursor),
      streams: this.heads.size,
      root: merkleRoot([...this.heads.values()]),
      previous: this.last ? payloadDigest(this.last) : null,
      keyId: this.key.keyId,
    };
    const data = {
      payload,
      signature: signPayload(payload, this.key.privateKey),
      changed: [...this.changed.values()],
    };
    try {
      const result = await this.store.append(SEAL_STREAM, [sealEvent(data)], {
        expectedRevision: this.last ? this.last.sequence - 1 : 'no-stream',
      });
      if (result.repeated) {
        this.loaded = false; // another sealer wrote this sequence first
        return undefined;
      }
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.loaded = false;
      return undefined;
    }
    this.last = payload;
    this.changed.clear();
    return payload;
  }

  private async load(): Promise<void> {
    this.heads = new Map();
    this.changed = new Map();
    this.last = undefined;
    this.cursor = undefined;
    for (const e of await this.store.readStream(SEAL_STREAM)) {
      const data = sealDataOf(e);
      if (typeof data === 'string')
        throw new Error(`seal at revision ${e.revision} of ${SEAL_STREAM}: ${data}`);
      for (const leaf of data.changed) this.heads.set(leaf.streamId, leaf);
      this.last = data.payload;
      this.cursor = parsePosition(data.payload.position);
    }
    this.loaded = true;
  }
}

export interface SealingLoopOptions {
  readonly intervalMs: number;
  readonly onError?: (error: unknown) => void;
  readonly onSeal?: (payload: SealPayload) => void;
}

/** Runs a sealer every `intervalMs` (the first one interval after start) until stopped; stop waits for a seal in flight. */
export class SealingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly sealer: StoreSealer,
    private readonly options: SealingLoopOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sealer
        .sealOnce()
        .then((p) => p && this.options.onSeal?.(p))
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delay);
    this.timer.unref();
  }
}
