import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../event-store.port.js';
import { eventId } from '../event-id.js';
import { canonicalJson } from '../hash-chain.js';
import type { SealLeaf } from './merkle.js';

/**
 * Seals are events of their own stream, not rows of a table of their own: they work through the
 * port on every adapter (KurrentDB included), go wherever the events go (a backup, an export, an
 * import into another store) so a restored store still carries its proof, are hash-chained like
 * any stream, and an append with the expected revision lets several workers seal without a lock
 * (the loser of a race just reloads). The seal stream is the one stream no seal covers: each
 * seal is signed on its own and names its predecessor's digest.
 */
export const SEAL_STREAM = 'audit-seals';
export const SEAL_EVENT_TYPE = 'StoreSealed';
export const SEAL_FORMAT = 'draftline-seal';

/** What the key signs: canonical JSON of this object. */
export interface SealPayload {
  readonly format: typeof SEAL_FORMAT;
  readonly version: 1;
  /** 1, 2, 3, ...: the seal's place among the store's seals (its revision + 1). */
  readonly sequence: number;
  readonly sealedAt: string;
  /** Every event at or before this global position (`<commit>-<prepare>`) is covered. */
  readonly position: string;
  /** How many streams (leaves) the root covers. */
  readonly streams: number;
  /** RFC 6962 Merkle root (hex) over (streamId, revision, headHash) sorted by streamId. */
  readonly root: string;
  /** SHA-256 (hex) of the previous seal's payload, null for the first. */
  readonly previous: string | null;
  readonly keyId: string;
}

/** A seal event's data: the payload, its signature and the leaves that moved since the previous seal. */
export interface SealData {
  readonly payload: SealPayload;
  /** Ed25519 over canonicalJson(payload), base64. */
  readonly signature: string;
  /** Leaves new or changed since the previous seal: with the earlier seals' they give every leaf. */
  readonly changed: readonly SealLeaf[];
}

export const payloadBytes = (payload: SealPayload): Buffer => Buffer.from(canonicalJson(payload));

export const payloadDigest = (payload: SealPayload): string =>
  createHash('sha256').update(payloadBytes(payload)).digest('hex');

export const signPayload = (payload: SealPayload, privateKey: KeyObject): string =>
  sign(null, payloadBytes(payload), privateKey).toString('base64');

export const signatureHolds = (data: SealData, publicKey: KeyObject): boolean => {
  try {
    return verify(null, payloadBytes(data.payload), publicKey, Buffer.from(data.signature, 'base64'));
  } catch {
    return false;
  }
};

/** The seal event to append (its id is fixed by the sequence: two sealers racing write one). */
export const sealEvent = (data: SealData): NewEvent => {
  const commandId = `seal:${data.payload.sequence}`;
  const id = eventId(commandId, 0);
  return {
    id,
    type: SEAL_EVENT_TYPE,
    data: data as unknown as Record<string, unknown>,
    metadata: {
      actor: { userId: 'system', role: 'system', agency: '-' },
      correlationId: id,
      causationId: id,
      commandId,
      schemaVersion: 1,
      occurredAt: data.payload.sealedAt,
    },
  };
};

const isLeaf = (x: unknown): x is SealLeaf => {
  const l = x as SealLeaf | null;
  return (
    typeof l?.streamId === 'string' &&
    Number.isSafeInteger(l.revision) &&
    l.revision >= 0 &&
    typeof l.headHash === 'string'
  );
};

/** The seal an event holds, or why it holds none (a malformed seal is a finding, not a crash). */
export const sealDataOf = (e: RecordedEvent): SealData | string => {
  if (e.type !== SEAL_EVENT_TYPE) return `event type ${e.type} is not ${SEAL_EVENT_TYPE}`;
  const d = e.data as Partial<SealData>;
  const p = d.payload as Partial<SealPayload> | undefined;
  if (
    p?.format !== SEAL_FORMAT ||
    p.version !== 1 ||
    !Number.isSafeInteger(p.sequence) ||
    typeof p.sealedAt !== 'string' ||
    typeof p.position !== 'string' ||
    !Number.isSafeInteger(p.streams) ||
    typeof p.root !== 'string' ||
    !(p.previous === null || typeof p.previous === 'string') ||
    typeof p.keyId !== 'string'
  )
    return 'the seal’s payload is malformed';
  if (typeof d.signature !== 'string') return 'the seal has no signature';
  if (!Array.isArray(d.changed) || !d.changed.every(isLeaf)) return 'the seal’s changed leaves are malformed';
  return d as SealData;
};
