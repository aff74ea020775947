import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { loadConfig, type AppConfig } from '#config';
import type { EventStore } from '#event-store';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { signToken } from '../../apps/api/src/auth/token.service.js';
import { Clock } from '../../apps/api/src/clock.js';

/** A clock the test moves by hand, so statutory periods pass in no time. */
export class TestClock extends Clock {
  constructor(private current = new Date('2019-01-07T02:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves to noon (Viet Nam) of a date, forwards or backwards. */
  setDate(isoDate: string): void {
    this.current = new Date(`${isoDate}T05:00:00Z`);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface User {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

export interface Api {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly clock: TestClock;
  token(user: User, expires?: string | number): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly user?: User;
  readonly token?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Starts the real HTTP app on a free loopback port against the given store. */
export async function startApi(
  store: EventStore,
  env: Record<string, string | undefined> = {},
  logDestination?: NodeJS.WritableStream,
): Promise<Api> {
  const config = loadConfig({
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    EVENT_STORE_URL: 'memory://',
    LOG_LEVEL: 'silent',
    DATA_DIR: '/nonexistent-draftline-test',
    ...env,
  });
  const clock = new TestClock();
  const app = await createApp(config, { store, clock, logDestination });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const token = (user: User, expires?: string | number) => signToken(config, user, expires);
  return {
    app,
    baseUrl,
    config,
    clock,
    token,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const bearer = options.token ?? (options.user ? await token(options.user) : undefined);
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    close: () => app.close(),
  };
}
