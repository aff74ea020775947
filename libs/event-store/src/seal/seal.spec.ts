import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandEvents } from '../contract/fixtures.js';
import type { RecordedEvent } from '../event-store.port.js';
import { hashEvent, hashScopeOf } from '../hash-chain.js';
import { InMemoryEventStore } from '../in-memory-event-store.js';
import { generateSealingKeyPem, publicKeyFrom, sealingKeyFrom } from './keys.js';
import { merkleRoot } from './merkle.js';
import { SEAL_STREAM, type SealData } from './seal.js';
import { StoreSealer } from './sealer.js';
import { verifySealedExport } from './verify-sealed.js';
import { readSealExport, writeSealExport } from './export-file.js';

const key = sealingKeyFrom(generateSealingKeyPem());
const STREAMS = ['s-a', 's-b', 's-c'];

/**
 * Three streams of three events each, appended one event at a time in turn (a0 b0 c0 a1 ...),
 * sealed after every append: every head is sealed, so a rewrite is named at its revision.
 */
async function sealedStore(): Promise<{
  events: RecordedEvent[];
  sealer: StoreSealer;
  store: InMemoryEventStore;
}> {
  let t = Date.parse('2026-11-02T08:00:00.000Z');
  const store = new InMemoryEventStore({ now: () => new Date((t += 1000)) });
  const sealer = new StoreSealer(store, key, { now: () => new Date(t), batch: 4 });
  for (let revision = 0; revision < 3; revision++)
    for (const stream of STREAMS) {
      await store.append(stream, commandEvents(1), {
        expectedRevision: revision === 0 ? 'no-stream' : revision - 1,
      });
      expect(await sealer.sealOnce()).toBeDefined();
    }
  return { events: await store.readAll({ limit: 1000 }), sealer, store };
}

const verify = (events: readonly RecordedEvent[]) => verifySealedExport(events, key.publicKey);
const find = (events: RecordedEvent[], stream: string, revision: number) =>
  events.findIndex((e) => e.streamId === stream && e.revision === revision);
/** The seal (1-based) written right after `stream`'s event at `revision`. */
const sealAfter = (stream: string, revision: number) =>
  revision * STREAMS.length + STREAMS.indexOf(stream) + 1;

describe('sealing and offline verification', () => {
  it('an untouched store verifies, and nothing new means no new seal', async () => {
    const { events, sealer } = await sealedStore();
    expect(events.filter((e) => e.streamId === SEAL_STREAM)).toHaveLength(9);
    const verdict = verify(events);
    expect(verdict).toMatchObject({
      ok: true,
      events: 18,
      streams: 3,
      seals: 9,
      firstEvent: null,
      firstCheckpoint: null,
    });
    expect(verdict.lastSealed['s-b']).toMatchObject({ sequence: 9, revision: 2 });
    expect(await sealer.sealOnce()).toBeUndefined();
  });

  it('signs a Merkle root over every stream head sorted by stream id', async () => {
    const { events } = await sealedStore();
    const last = events.filter((e) => e.streamId === SEAL_STREAM).at(-1)!.data as unknown as SealData;
    const heads = STREAMS.map((s) => events[find(events, s, 2)]).map((e) => ({
      streamId: e.streamId,
      revision: e.revision,
      headHash: e.hash,
    }));
    expect(last.payload.root).toBe(merkleRoot(heads.reverse()));
    expect(last.payload.streams).toBe(3);
  });

  it('a new sealer resumes from the seal stream, not from the first event', async () => {
    const { store } = await sealedStore();
    await store.append('s-d', commandEvents(1), { expectedRevision: 'no-stream' });
    const payload = await new StoreSealer(store, key).sealOnce();
    expect(payload).toMatchObject({ sequence: 10, streams: 4 });
    expect(verify(await store.readAll({ limit: 1000 })).ok).toBe(true);
  });

  it('two sealers racing write one seal', async () => {
    const { store } = await sealedStore();
    await store.append('s-d', commandEvents(1), { expectedRevision: 'no-stream' });
    const [a, b] = [new StoreSealer(store, key), new StoreSealer(store, key)];
    const results = await Promise.all([a.sealOnce(), b.sealOnce()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.readStream(SEAL_STREAM)).length).toBe(10);
  });

  describe.each([
    ['first', 's-a', 0],
    ['middle', 's-b', 1],
    ['last', 's-c', 2],
  ] as const)('the %s event (%s@%d)', (_, stream, revision) => {
    it('changed: named at its revision, with the seal that first covered it', async () => {
      const { events } = await sealedStore();
      const i = find(events, stream, revision);
      events[i] = { ...events[i], data: { ...events[i].data, index: 99 } };
      const verdict = verify(events);
      expect(verdict.ok).toBe(false);
      expect(verdict.firstEvent).toMatchObject({ streamId: stream, revision, eventId: events[i].id });
      expect(verdict.firstEvent?.reason).toMatch(/content does not match its hash/);
      expect(verdict.firstCheckpoint).toMatchObject({
        sequence: sealAfter(stream, revision),
        streamId: stream,
      });
    });

    it('deleted: named at its revision (the seal knows it was there)', async () => {
      const { events } = await sealedStore();
      events.splice(find(events, stream, revision), 1);
      const verdict = verify(events);
      expect(verdict.firstEvent).toMatchObject({ streamId: stream, revision, eventId: null });
      expect(verdict.firstEvent?.reason).toMatch(new RegExp(`revision ${revision} is missing`));
      expect(verdict.firstCheckpoint).toMatchObject({
        sequence: sealAfter(stream, revision),
        streamId: stream,
      });
    });

    it('inserted before it: named at the inserted event', async () => {
      const { events } = await sealedStore();
      const i = find(events, stream, revision);
      const forged = { ...events[i], id: '00000000-0000-4000-8000-000000000001', data: { forged: true } };
      events.splice(i, 0, forged);
      const verdict = verify(events);
      expect(verdict.firstEvent).toMatchObject({ streamId: stream, revision, eventId: forged.id });
      expect(verdict.firstCheckpoint).toMatchObject({
        sequence: sealAfter(stream, revision),
        streamId: stream,
      });
    });

    it('reordered with its neighbour: named where the order breaks', async () => {
      const { events } = await sealedStore();
      const [lo, hi] = revision < 2 ? [revision, revision + 1] : [revision - 1, revision];
      const [i, j] = [find(events, stream, lo), find(events, stream, hi)];
      [events[i], events[j]] = [events[j], events[i]];
      const verdict = verify(events);
      expect(verdict.firstEvent).toMatchObject({ streamId: stream, revision: hi, eventId: events[i].id });
      expect(verdict.firstCheckpoint).toMatchObject({ sequence: sealAfter(stream, hi), streamId: stream });
    });

    it('rewritten with every later hash recomputed: the chain holds, the seals name it', async () => {
      const { events } = await sealedStore();
      let previousHash: string | null =
        revision === 0 ? null : events[find(events, stream, revision - 1)].hash;
      for (let r = revision; r < 3; r++) {
        const i = find(events, stream, r);
        const scope = hashScopeOf(events[i])!;
        const changed = {
          ...events[i],
          previousHash,
          data: r === revision ? { rewritten: true } : events[i].data,
        };
        events[i] = { ...changed, hash: hashEvent(previousHash, changed, scope) };
        previousHash = events[i].hash;
      }
      const verdict = verify(events);
      expect(verdict.firstEvent).toMatchObject({
        streamId: stream,
        revision,
        eventId: events[find(events, stream, revision)].id,
      });
      expect(verdict.firstEvent?.reason).toMatch(/rewritten .* recomputed hashes/);
      expect(verdict.firstCheckpoint).toMatchObject({
        sequence: sealAfter(stream, revision),
        streamId: stream,
      });
    });
  });

  it('a seal changed, removed or signed by another key is named', async () => {
    const { events } = await sealedStore();
    const seals = events.map((e, i) => [e, i] as const).filter(([e]) => e.streamId === SEAL_STREAM);
    const [fourth, at] = seals[3];
    const data = fourth.data as unknown as SealData;
    const forgedRoot = [...events];
    forgedRoot[at] = { ...fourth, data: { ...data, payload: { ...data.payload, root: '0'.repeat(64) } } };
    expect(verify(forgedRoot).firstCheckpoint).toMatchObject({ sequence: 4 });
    const other = publicKeyFrom(
      generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
    expect(verifySealedExport(events, other).firstCheckpoint).toMatchObject({
      sequence: 1,
      reason: /not the published key/,
    });
  });

  it('an export written through the port reads back and verifies', async () => {
    const { store } = await sealedStore();
    const dir = await mkdtemp(join(tmpdir(), 'seal-export-'));
    try {
      const file = join(dir, 'store.jsonl');
      await writeSealExport(store, file, { publicKey: key.publicKeyPem, batch: 5 });
      const { header, events } = await readSealExport(file);
      expect(header.publicKey).toBe(key.publicKeyPem);
      expect(events).toHaveLength(18);
      expect(verifySealedExport(events, publicKeyFrom(header.publicKey!)).ok).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
