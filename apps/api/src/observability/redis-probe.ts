import { Redis } from 'ioredis';

/**
 * Is Redis there? A PING on a connection of its own, bounded by `timeoutMs`. The connection does
 * not queue commands while it is down (a probe must fail fast, not wait for a reconnect) and
 * reconnects by itself, so the probe turns ok again soon after Redis is back.
 */
export class RedisProbe {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // Without a listener ioredis reports every failed reconnect as an unhandled error.
    this.redis.on('error', () => undefined);
  }

  /** Resolves `{ ok }` within about `timeoutMs`, whatever Redis does. */
  async ping(): Promise<{ ok: boolean; error?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no PONG within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      if (this.redis.status === 'wait') void this.redis.connect().catch(() => undefined);
      await Promise.race([this.pingWhenConnected(), timeout]);
      return { ok: true };
    } catch (error) {
      // Only the error's kind: messages may name hosts.
      return {
        ok: false,
        error: error instanceof Error && /PONG/.test(error.message) ? 'Timeout' : 'Unreachable',
      };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.redis.disconnect();
  }

  private async pingWhenConnected(): Promise<void> {
    if (this.redis.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const ready = () => {
          this.redis.off('error', failed);
          resolve();
        };
        const failed = (error: Error) => {
          this.redis.off('ready', ready);
          reject(error);
        };
        this.redis.once('ready', ready);
        this.redis.once('error', failed);
      });
    }
    await this.redis.ping();
  }
}
