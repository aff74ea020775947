import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '../event-store.port.js';
import { verifyStreamHistory } from '../hash-chain.js';
import { comparePositions, parsePosition, type Position } from '../position.js';
import { keyIdOf } from './keys.js';
import { merkleRoot, type SealLeaf } from './merkle.js';
import { payloadDigest, SEAL_STREAM, sealDataOf, signatureHolds, type SealPayload } from './seal.js';

/** The first event of a stream that does not match (eventId null: the event is missing). */
export interface EventFinding {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string | null;
  readonly reason: string;
}

/** The first seal that does not hold, or does not match the events it covers. */
export interface CheckpointFinding {
  readonly sequence: number;
  readonly sealedAt: string | null;
  readonly position: string | null;
  readonly streamId: string | null;
  readonly reason: string;
}

export interface LastSealed {
  readonly sequence: number;
  readonly sealedAt: string;
  /** The stream's revision the seal covers (the stream may have moved on since). */
  readonly revision: number;
}

export interface SealedVerdict {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  readonly seals: number;
  readonly firstEvent: EventFinding | null;
  readonly firstCheckpoint: CheckpointFinding | null;
  /** Per checked stream, the newest seal covering it (absent: never sealed). */
  readonly lastSealed: Record<string, LastSealed>;
}

export interface VerifySealedOptions {
  /** Which streams' events to check and report (default: all); every seal is checked whole. */
  readonly streams?: (streamId: string) => boolean;
}

interface Fault {
  /** The stream's first revision that is not as sealed or not as chained. */
  readonly revision: number;
  readonly eventId: string | null;
  readonly reason: string;
  /** Where the fault sits in the export, to pick the first across streams. */
  readonly order: number;
}

/**
 * Checks a store's events, as an export holds them in global order, against its seals and the
 * published key, with no database: each stream's hash chain (verifyStreamHistory), then every
 * seal in order: its signature, its link to the previous seal, its Merkle root over the heads
 * it names, and those heads against the events. Names the first event and the first checkpoint
 * that do not match.
 *
 * What the chain alone shows exactly (a changed, deleted, inserted or reordered event) is named
 * at its revision. A chain rewritten with recomputed hashes fits itself; the seals show it: the
 * first event named is the one after the stream's last head that still matches a seal, and it
 * is exact when that seal's head and the first one that no longer matches are one revision
 * apart (seal at least as often as a stream moves by one, or say so: the reason gives the span).
 * Events written after the last seal are covered by their chain only.
 */
export const verifySealedExport = (
  events: readonly RecordedEvent[],
  publicKey: KeyObject,
  options: VerifySealedOptions = {},
): SealedVerdict => {
  const wanted = options.streams ?? (() => true);
  const byStream = new Map<string, { events: RecordedEvent[]; orders: number[] }>();
  events.forEach((e, order) => {
    if (e.streamId !== SEAL_STREAM && !wanted(e.streamId)) return;
    const s = byStream.get(e.streamId) ?? { events: [], orders: [] };
    s.events.push(e);
    s.orders.push(order);
    byStream.set(e.streamId, s);
  });

  // 1. Every stream's chain, the seal stream's included.
  const faults = new Map<string, Fault>();
  for (const [streamId, s] of byStream) {
    const verdict = verifyStreamHistory(s.events, undefined);
    if (verdict.ok) continue;
    const at = s.events.findIndex((e) => e.revision === verdict.revision && e.id === verdict.eventId);
    faults.set(streamId, { ...verdict, order: at >= 0 ? s.orders[at] : (s.orders.at(-1) ?? 0) + 0.5 });
  }
  // 2. The seals, in order, until the first that does not hold by itself.
  const leaves = new Map<string, SealLeaf>();
  /** Per stream, the heads the good seals gave it, oldest first. */
  const history = new Map<string, { sequence: number; leaf: SealLeaf }[]>();
  const cuts: { sequence: number; payload: SealPayload; cut: Position }[] = [];
  const sealStream = byStream.get(SEAL_STREAM)?.events ?? [];
  const sealFault = faults.get(SEAL_STREAM);
  const keyId = keyIdOf(publicKey);
  let broken: CheckpointFinding | null = null;
  let previous: SealPayload | undefined;
  for (const e of sealStream) {
    const sequence = e.revision + 1;
    const data = sealDataOf(e);
    const payload = typeof data === 'string' ? undefined : data.payload;
    const fail = (reason: string): CheckpointFinding => ({
      sequence,
      sealedAt: payload?.sealedAt ?? null,
      position: payload?.position ?? null,
      streamId: null,
      reason,
    });
    if (sealFault !== undefined && e.revision >= sealFault.revision) {
      broken = fail(`the seal stream’s chain breaks here: ${sealFault.reason}`);
      break;
    }
    if (typeof data === 'string' || payload === undefined) {
      broken = fail(typeof data === 'string' ? data : 'malformed');
      break;
    }
    const cut = parsePosition(payload.position);
    if (payload.sequence !== sequence || cut === undefined) {
      broken = fail(
        cut === undefined ? 'its position is malformed' : `it says it is seal ${payload.sequence}`,
      );
      break;
    }
    if (payload.keyId !== keyId) {
      broken = fail(`it is signed by key ${payload.keyId}, not the published key ${keyId}`);
      break;
    }
    if (!signatureHolds(data, publicKey)) {
      broken = fail('its signature does not hold under the published key');
      break;
    }
    if (payload.previous !== (previous ? payloadDigest(previous) : null)) {
      broken = fail('it does not name the previous seal: a seal was removed, changed or put between');
      break;
    }
    for (const leaf of data.changed) leaves.set(leaf.streamId, leaf);
    if (leaves.size !== payload.streams || merkleRoot([...leaves.values()]) !== payload.root) {
      broken = fail('its Merkle root does not match the heads it names');
      break;
    }
    previous = payload;
    cuts.push({ sequence, payload, cut });
    for (const leaf of data.changed) {
      if (!wanted(leaf.streamId)) continue;
      const h = history.get(leaf.streamId) ?? [];
      h.push({ sequence, leaf });
      history.set(leaf.streamId, h);
    }
  }

  // 3. Each stream's sealed heads against its events: the first seal whose head is gone or
  // different, or that covers a broken link or an event it does not name, is the stream's
  // first failing checkpoint.
  const checkpointOf = new Map<string, CheckpointFinding>();
  const sealAt = (sequence: number) => cuts[sequence - 1];
  const finding = (sequence: number, streamId: string, reason: string): CheckpointFinding => ({
    sequence,
    sealedAt: sealAt(sequence).payload.sealedAt,
    position: sealAt(sequence).payload.position,
    streamId,
    reason,
  });
  const streamIds = new Set([...byStream.keys(), ...history.keys()]);
  streamIds.delete(SEAL_STREAM);
  for (const streamId of streamIds) {
    const s = byStream.get(streamId) ?? { events: [], orders: [] };
    const hist = history.get(streamId) ?? [];
    const chainFault = faults.get(streamId);
    let checkpoint: CheckpointFinding | undefined;
    let fault: Fault | undefined;
    let lastGood: SealLeaf | undefined;
    for (const { sequence, leaf } of hist) {
      const i = s.events.findIndex((e) => e.revision === leaf.revision);
      const found = i >= 0 ? s.events[i] : undefined;
      if (found === undefined) {
        const revision = Math.min((s.events.at(-1)?.revision ?? -1) + 1, leaf.revision);
        checkpoint = finding(
          sequence,
          streamId,
          `it seals revision ${leaf.revision}, which the store no longer holds`,
        );
        fault = {
          revision,
          eventId: null,
          reason: `revision ${revision} is missing: seal ${sequence} covers revision ${leaf.revision}`,
          order:
            (s.orders[s.events.findIndex((x) => x.revision > revision)] ?? (s.orders.at(-1) ?? -1) + 1) - 0.5,
        };
        break;
      }
      if (found.hash !== leaf.headHash) {
        const from = lastGood ? lastGood.revision + 1 : 0;
        const j = s.events.findIndex((e) => e.revision === from);
        const span =
          from === leaf.revision
            ? ''
            : ` (somewhere in revisions ${from}–${leaf.revision}: the seals were that far apart)`;
        checkpoint = finding(
          sequence,
          streamId,
          `it seals revision ${leaf.revision} as ${leaf.headHash}, the store has ${found.hash}`,
        );
        fault = {
          revision: from,
          eventId: j >= 0 ? s.events[j].id : null,
          reason: `the chain was rewritten from here with recomputed hashes${span}: it no longer leads to the head seal ${sequence} signed`,
          order: j >= 0 ? s.orders[j] : s.orders[i],
        };
        break;
      }
      if (chainFault && chainFault.revision <= leaf.revision) {
        checkpoint = finding(
          sequence,
          streamId,
          `it seals revision ${leaf.revision}, but the chain breaks at revision ${chainFault.revision}: ${chainFault.reason}`,
        );
        break;
      }
      lastGood = leaf;
    }
    // An event at or before a seal's position that the seal does not cover was put in after it.
    for (let i = 0; i < s.events.length; i++) {
      const e = s.events[i];
      const k = firstCutAtOrAfter(cuts, e.position);
      if (k === undefined) continue;
      const sealed = [...hist].reverse().find((h) => h.sequence <= k.sequence)?.leaf.revision ?? -1;
      if (sealed >= e.revision) continue;
      if (checkpoint === undefined || k.sequence < checkpoint.sequence)
        checkpoint = finding(
          k.sequence,
          streamId,
          `it does not cover revision ${e.revision}, which sits at or before its position`,
        );
      if (fault === undefined || e.revision < fault.revision)
        fault = {
          revision: e.revision,
          eventId: e.id,
          reason: `it sits at or before seal ${k.sequence}’s position, which does not cover it: put in after that seal`,
          order: s.orders[i],
        };
      break;
    }
    if (chainFault && (fault === undefined || chainFault.revision <= fault.revision)) fault = chainFault;
    if (fault) faults.set(streamId, fault);
    if (checkpoint) checkpointOf.set(streamId, checkpoint);
  }

  const eventFaults = [...faults].filter(([id]) => id !== SEAL_STREAM);
  eventFaults.sort((a, b) => a[1].order - b[1].order);
  const first = eventFaults[0];
  const candidates = [...checkpointOf.values(), ...(broken ? [broken] : [])];
  candidates.sort((a, b) => a.sequence - b.sequence);
  const checkpoint = candidates[0] ?? null;
  const lastSeal = cuts.at(-1);
  const lastSealed: Record<string, LastSealed> = {};
  if (lastSeal)
    for (const [streamId, hist] of history)
      lastSealed[streamId] = {
        sequence: lastSeal.sequence,
        sealedAt: lastSeal.payload.sealedAt,
        revision: hist[hist.length - 1].leaf.revision,
      };
  return {
    ok: first === undefined && checkpoint === null,
    events: [...byStream.values()].reduce((n, s) => n + s.events.length, 0),
    streams: streamIds.size,
    seals: cuts.length,
    firstEvent: first
      ? {
          streamId: first[0],
          revision: first[1].revision,
          eventId: first[1].eventId,
          reason: first[1].reason,
        }
      : null,
    firstCheckpoint: checkpoint,
    lastSealed,
  };
};

/** The first seal whose position is at or after `p` (the cuts ascend). */
const firstCutAtOrAfter = <T extends { cut: Position }>(cuts: readonly T[], p: Position): T | undefined => {
  let [lo, hi] = [0, cuts.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePositions(cuts[mid].cut, p) >= 0) hi = mid;
    else lo = mid + 1;
  }
  return cuts[lo];
};
