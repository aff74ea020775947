import { Controller, Get, Global, Inject, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  EVENT_STORE,
  keyIdOf,
  publicKeyFrom,
  publicKeyPemOf,
  SealIndex,
  sealingKeyFrom,
  type EventStore,
} from '#event-store';
import { Public } from '../auth/auth.guard.js';
import { ProblemException } from '../http/problem.js';

/** The key the store's seals are checked with, as published (null where none is configured). */
export interface PublishedSealKey {
  readonly key: KeyObject;
  readonly answer: SealPublicKey;
}

export interface SealPublicKey {
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  /** SPKI PEM, what `npm run verify -- --key <file>` takes. */
  readonly publicKey: string;
}

export const SEAL_PUBLIC_KEY = Symbol('SEAL_PUBLIC_KEY');
export const SEAL_INDEX = Symbol('SEAL_INDEX');

/** SEAL_PUBLIC_KEY, else the public half of SEAL_SIGNING_KEY (embedded mode makes one). */
export function publishedSealKey(config: AppConfig): PublishedSealKey | null {
  const { publicKey, signingKey } = config.seal;
  const key = publicKey
    ? publicKeyFrom(publicKey)
    : signingKey
      ? sealingKeyFrom(signingKey).publicKey
      : undefined;
  if (!key) return null;
  return { key, answer: { keyId: keyIdOf(key), algorithm: 'Ed25519', publicKey: publicKeyPemOf(key) } };
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(SEAL_PUBLIC_KEY) private readonly published: PublishedSealKey | null) {}

  /** Public: anyone checking an export needs the key without an account. */
  @Public()
  @Get('public-key')
  publicKey(): SealPublicKey {
    if (!this.published)
      throw new ProblemException(404, 'AUDIT.NO_KEY', 'No sealing key is configured (SEAL_PUBLIC_KEY)');
    return this.published.answer;
  }
}

/** The published key and the index of the seal stream (when each document was last sealed). */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    { provide: SEAL_PUBLIC_KEY, inject: [APP_CONFIG], useFactory: publishedSealKey },
    {
      provide: SEAL_INDEX,
      inject: [EVENT_STORE, SEAL_PUBLIC_KEY],
      useFactory: (store: EventStore, published: PublishedSealKey | null) =>
        new SealIndex(store, published?.key),
    },
  ],
  exports: [SEAL_INDEX, SEAL_PUBLIC_KEY],
})
export class AuditModule {}
