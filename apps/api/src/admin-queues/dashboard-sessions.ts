import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#config';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { ProblemException } from '../http/problem.js';

/** A dashboard session lasts this long at most (and never past the token that opened it). */
export const SESSION_SECONDS = 15 * 60;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The queue dashboard's browser sessions: a random id in the cookie, the admin it was opened for
 * kept server-side in Redis (shared by every api process) under a hash of the id, until its end.
 * The id is no token: the AuthGuard never reads it, and only the dashboard looks it up.
 */
@Injectable()
export class DashboardSessions implements OnApplicationShutdown {
  private redis: Redis | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Opens a session for an admin; returns its id and when it ends. */
  async open(
    admin: Principal,
    tokenExp: number | undefined,
  ): Promise<{ id: string; expiresAt: Date; seconds: number }> {
    const now = this.clock.now().getTime();
    const left = tokenExp === undefined ? SESSION_SECONDS : tokenExp - Math.ceil(now / 1000);
    const seconds = Math.max(1, Math.min(SESSION_SECONDS, left));
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + seconds * 1000);
    const record = JSON.stringify({ principal: admin, expiresAt: expiresAt.toISOString() });
    await this.call(() => this.client().set(this.key(id), record, 'EX', seconds));
    return { id, expiresAt, seconds };
  }

  /** The admin of a live session, or undefined for an unknown, malformed or ended one. */
  async find(id: string | undefined): Promise<Principal | undefined> {
    if (!id || !SESSION_ID.test(id)) return undefined;
    const text = await this.call(() => this.client().get(this.key(id)));
    if (!text) return undefined;
    const { principal, expiresAt } = JSON.parse(text) as { principal: Principal; expiresAt: string };
    return Date.parse(expiresAt) > this.clock.now().getTime() ? principal : undefined;
  }

  private key(id: string): string {
    return `${this.config.queuePrefix}:dashboard-session:${createHash('sha256').update(id).digest('hex')}`;
  }

  private client(): Redis {
    this.redis ??= new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
    return this.redis;
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw new ProblemException(503, 'QUEUES.UNAVAILABLE', 'Redis is unreachable; retry shortly');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
    this.redis = undefined;
  }
}
