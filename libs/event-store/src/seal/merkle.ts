import { createHash } from 'node:crypto';
import { canonicalJson } from '../hash-chain.js';

/** What a seal signs for one stream: its last revision and that event's hash. */
export interface SealLeaf {
  readonly streamId: string;
  readonly revision: number;
  readonly headHash: string;
}

const sha256 = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 6962 leaf hash: SHA-256 over 0x00 and the leaf's canonical JSON `[streamId, revision, headHash]`. */
export const leafHash = (leaf: SealLeaf): Buffer =>
  sha256(Buffer.of(0), canonicalJson([leaf.streamId, leaf.revision, leaf.headHash]));

/** The byte order leaves are sorted in (by streamId, as UTF-8 bytes: the same in every runtime). */
export const compareStreamIds = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * RFC 6962's Merkle tree hash (hex) over the leaves sorted by streamId: interior nodes are
 * SHA-256 over 0x01 and their children, the split is at the largest power of two below the
 * count, and an empty tree is SHA-256 of nothing. The 0x00/0x01 prefixes keep a leaf from
 * passing for a node.
 */
export const merkleRoot = (leaves: readonly SealLeaf[]): string => {
  const sorted = [...leaves].sort((a, b) => compareStreamIds(a.streamId, b.streamId));
  return treeHash(sorted.map(leafHash)).toString('hex');
};

const treeHash = (hashes: readonly Buffer[]): Buffer => {
  if (hashes.length === 0) return sha256();
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return sha256(Buffer.of(1), treeHash(hashes.slice(0, k)), treeHash(hashes.slice(k)));
};
