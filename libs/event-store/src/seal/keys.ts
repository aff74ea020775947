import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

/**
 * The sealing key: Ed25519. Configuration gives the private key as PEM (PKCS#8, `BEGIN PRIVATE
 * KEY`) or as the base64 of its DER; the public key is published as PEM (SPKI) and named by
 * its id, the first 16 hex digits of SHA-256 over its DER.
 */
export interface SealingKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

export const sealingKeyFrom = (text: string): SealingKey => {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  try {
    privateKey = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new RangeError(`the sealing key is neither PEM nor base64 PKCS#8: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new RangeError(`the sealing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKeyPemOf(publicKey), keyId: keyIdOf(publicKey) };
};

/** A new Ed25519 private key as PKCS#8 PEM (embedded mode keeps one under DATA_DIR). */
export const generateSealingKeyPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** A published public key (SPKI PEM, or base64 of its DER). */
export const publicKeyFrom = (text: string): KeyObject => {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new RangeError(`the public key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
};

export const publicKeyPemOf = (key: KeyObject): string =>
  key.export({ format: 'pem', type: 'spki' }).toString();

export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
