export { merkleRoot, leafHash, type SealLeaf } from './merkle.js';
export {
  sealingKeyFrom,
  generateSealingKeyPem,
  publicKeyFrom,
  publicKeyPemOf,
  keyIdOf,
  type SealingKey,
} from './keys.js';
export {
  SEAL_STREAM,
  SEAL_EVENT_TYPE,
  sealDataOf,
  signatureHolds,
  payloadDigest,
  type SealData,
  type SealPayload,
} from './seal.js';
export { StoreSealer, SealingLoop, type SealerOptions, type SealingLoopOptions } from './sealer.js';
export {
  verifySealedExport,
  type SealedVerdict,
  type EventFinding,
  type CheckpointFinding,
  type LastSealed,
  type VerifySealedOptions,
} from './verify-sealed.js';
export { writeSealExport, readSealExport, SEAL_EXPORT_FORMAT, type SealExportHeader } from './export-file.js';
export { SealIndex, type SealedHead, type SealIndexProblem } from './seal-index.js';
export { SealingModule } from './sealing.module.js';
