import { ConcurrencyError, IdempotencyMismatchError } from '../errors.js';
import type { EventStore } from '../event-store.port.js';
import { verifyChain } from '../hash-chain.js';
import { commandEvents, uniqueStream } from './fixtures.js';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Appending, expected revisions and idempotency: the write half of the contract. */
export const appendCases = (store: () => EventStore) => {
  it('appends events and reads them back with store time and a verifiable hash chain', async () => {
    const s = uniqueStream('append');
    const first = commandEvents(2);
    const second = commandEvents(1);
    const before = Date.now();
    const r1 = await store().append(s, first, { expectedRevision: 'no-stream' });
    const r2 = await store().append(s, second, { expectedRevision: 1 });
    const read = await store().readStream(s);

    expect(r1.streamId).toBe(s);
    expect([r1.revision, r2.revision]).toEqual([1, 2]);
    expect(read.map((e) => [e.id, e.revision, e.streamId])).toEqual(
      [...first, ...second].map((e, i) => [e.id, i, s]),
    );
    expect(read.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }))).toEqual(
      [...first, ...second].map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
    );
    expect(read[1].position).toEqual(r1.position);
    expect(read[2].position).toEqual(r2.position);
    for (const e of read) {
      expect(e.recordedAt).toMatch(ISO_MS);
      expect(Math.abs(Date.parse(e.recordedAt) - before)).toBeLessThan(60_000);
    }
    expect(read[0].previousHash).toBeNull();
    expect(read[1].previousHash).toBe(read[0].hash);
    expect(read[2].previousHash).toBe(read[1].hash);
    expect(verifyChain(read)).toEqual({ ok: true });
  });

  it('checks a numeric expected revision and reports expected and actual', async () => {
    const s = uniqueStream('expected');
    await expect(store().append(s, commandEvents(1), { expectedRevision: 0 })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      stream: s,
      expected: 0,
      actual: 'no-stream',
    });
    await store().append(s, commandEvents(2), { expectedRevision: 'no-stream' });
    await expect(store().append(s, commandEvents(1), { expectedRevision: 0 })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      stream: s,
      expected: 0,
      actual: 1,
    });
    expect((await store().append(s, commandEvents(1), { expectedRevision: 1 })).revision).toBe(2);
    expect(await store().readStream(s)).toHaveLength(3);
  });

  it("checks 'no-stream' and lets 'any' append anywhere", async () => {
    const s = uniqueStream('no-stream');
    expect((await store().append(s, commandEvents(1), { expectedRevision: 'any' })).revision).toBe(0);
    await expect(
      store().append(s, commandEvents(1), { expectedRevision: 'no-stream' }),
    ).rejects.toMatchObject({
      constructor: ConcurrencyError,
      stream: s,
      expected: 'no-stream',
      actual: 0,
    });
    expect((await store().append(s, commandEvents(2), { expectedRevision: 'any' })).revision).toBe(2);
    expect(verifyChain(await store().readStream(s))).toEqual({ ok: true });
  });

  it('lets exactly one of 50 concurrent appends at one revision win', async () => {
    const s = uniqueStream('race');
    await store().append(s, commandEvents(1), { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => store().append(s, commandEvents(1), { expectedRevision: 0 })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const e of lost) expect(e).toMatchObject({ constructor: ConcurrencyError, expected: 0, actual: 1 });
    const read = await store().readStream(s);
    expect(read).toHaveLength(2);
    expect(verifyChain(read)).toEqual({ ok: true });
  });

  it('treats a repeated append as a no-op returning the original result', async () => {
    const s = uniqueStream('repeat');
    const events = commandEvents(2);
    const original = await store().append(s, events, { expectedRevision: 'no-stream' });
    await store().append(s, commandEvents(1), { expectedRevision: 1 });
    // The retry carries a stale expected revision: still the same append, still its result.
    // It says it is a repeat, so a caller knows the stored events, not its own, are the answer.
    expect(original.repeated).toBeUndefined();
    const repeat = { ...original, repeated: true };
    expect(await store().append(s, events, { expectedRevision: 'no-stream' })).toEqual(repeat);
    expect(await store().append(s, events, { expectedRevision: 'any' })).toEqual(repeat);
    expect(await store().append(s, events.slice(0, 1), { expectedRevision: 0 })).toMatchObject({
      revision: 0,
      repeated: true,
    });
    expect(await store().readStream(s)).toHaveLength(3);
  });

  it.each(['no-stream', 0, 'any'] as const)(
    'records one copy when identical appends race (expected %s)',
    async (expectedRevision) => {
      const s = uniqueStream('repeat-race');
      if (expectedRevision === 0)
        await store().append(s, commandEvents(1), { expectedRevision: 'no-stream' });
      const events = commandEvents(3);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store().append(s, events, { expectedRevision })),
      );
      const plain = results.map((r) => ({ ...r, repeated: undefined }));
      for (const r of plain) expect(r).toEqual(plain[0]);
      expect(results.filter((r) => !r.repeated)).toHaveLength(1);
      const read = await store().readStream(s);
      expect(read.filter((e) => events.some((n) => n.id === e.id))).toHaveLength(3);
      expect(read[read.length - 1].position).toEqual(results[0].position);
    },
  );

  it('rejects an append that repeats only some ids, or the same ids elsewhere', async () => {
    const s = uniqueStream('mismatch');
    const [a, b, c] = commandEvents(3);
    await store().append(s, [a, b], { expectedRevision: 'no-stream' });
    const mismatch = { constructor: IdempotencyMismatchError, stream: s };
    await expect(store().append(s, [b, c], { expectedRevision: 'any' })).rejects.toMatchObject(mismatch);
    await expect(store().append(s, [b, a], { expectedRevision: 'any' })).rejects.toMatchObject(mismatch);
    const other = uniqueStream('mismatch-other');
    await expect(store().append(other, [a, b], { expectedRevision: 'any' })).rejects.toMatchObject({
      constructor: IdempotencyMismatchError,
    });
    expect(await store().readStream(s)).toHaveLength(2);
    expect(await store().readStream(other)).toHaveLength(0);
  });

  it('refuses an empty append and an id repeated within one append', async () => {
    const s = uniqueStream('invalid');
    const [a] = commandEvents(1);
    await expect(store().append(s, [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(RangeError);
    await expect(store().append(s, [a, a], { expectedRevision: 'any' })).rejects.toBeInstanceOf(RangeError);
    await expect(store().append(s, [a], { expectedRevision: -1 })).rejects.toBeInstanceOf(RangeError);
    expect(await store().readStream(s)).toHaveLength(0);
  });
};
