// The audit trail anyone can check: the key the store's seals are signed with.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, problems } from '../http/openapi-parts.js';

export const SealPublicKeySchema = z
  .object({
    keyId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .meta({ description: 'First 16 hex digits of SHA-256 over the key’s DER; each seal names it' }),
    algorithm: z.literal('Ed25519'),
    publicKey: z
      .string()
      .meta({ description: 'SPKI PEM: save it and pass it as npm run verify -- --key <file>' }),
  })
  .meta({ id: 'SealPublicKey' });

export const auditPaths = (): ZodOpenApiPathsObject => ({
  '/audit/public-key': {
    get: {
      tags: ['audit'],
      operationId: 'GetSealPublicKey',
      summary: 'The public key the store’s seals are signed with (public)',
      description:
        'Each seal is an Ed25519 signature over a Merkle root of every stream’s head. An export (npm run seal -- --export <file>) is checked offline against this key with npm run verify -- --from <file>.',
      security: [],
      responses: {
        '200': json('The key', SealPublicKeySchema),
        ...problems([404, 'AUDIT.NO_KEY: no sealing key is configured'], 429),
      },
    },
  },
});
