import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { verifyChain } from '../hash-chain.js';
import { comparePositions } from '../position.js';
import { commandEvents, readAllOf, sleep, tailPosition, uniqueStream } from './fixtures.js';

const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

/** Reading streams and the global order, and the hash chain seen from a reader. */
export const readCases = (store: () => EventStore) => {
  it('reads a stream by revision range', async () => {
    const s = uniqueStream('range');
    await store().append(s, commandEvents(5), { expectedRevision: 'no-stream' });
    expect(revisions(await store().readStream(s))).toEqual([0, 1, 2, 3, 4]);
    expect(revisions(await store().readStream(s, { fromRevision: 2 }))).toEqual([2, 3, 4]);
    expect(revisions(await store().readStream(s, { toRevision: 1 }))).toEqual([0, 1]);
    expect(revisions(await store().readStream(s, { fromRevision: 1, toRevision: 3 }))).toEqual([1, 2, 3]);
    expect(await store().readStream(s, { fromRevision: 5 })).toEqual([]);
    expect(await store().readStream(uniqueStream('missing'))).toEqual([]);
    expect(verifyChain(await store().readStream(s, { fromRevision: 2 }))).toEqual({ ok: true });
  });

  // Revisions past 9 must sort as numbers: a text sort puts 10 before 2 and replays a document wrongly.
  it('reads a long stream in revision order, one event per append', async () => {
    const s = uniqueStream('long');
    for (let revision = 0; revision < 12; revision++) {
      await store().append(s, commandEvents(1), {
        expectedRevision: revision === 0 ? 'no-stream' : revision - 1,
      });
    }
    const expected = Array.from({ length: 12 }, (_, i) => i);
    expect(revisions(await store().readStream(s))).toEqual(expected);
    expect(revisions(await store().readStream(s, { fromRevision: 8 }))).toEqual([8, 9, 10, 11]);
  });

  it('reads several whole streams at once, each in revision order', async () => {
    const [a, b, none] = ['many-a', 'many-b', 'many-none'].map(uniqueStream);
    await store().append(a, commandEvents(11), { expectedRevision: 'no-stream' });
    await store().append(b, commandEvents(2), { expectedRevision: 'no-stream' });
    await store().append(a, commandEvents(1), { expectedRevision: 10 });
    const read = await store().readStreams([b, none, a, b]);
    expect([...read.keys()].sort()).toEqual([a, b, none].sort());
    expect(revisions(read.get(a)!)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(read.get(a)!.every((e) => e.streamId === a)).toBe(true);
    expect(read.get(b)).toEqual(await store().readStream(b));
    expect(read.get(none)).toEqual([]);
    expect((await store().readStreams([])).size).toBe(0);
  });

  it('reads a stream as it was at an instant (until)', async () => {
    const s = uniqueStream('until');
    await store().append(s, commandEvents(2), { expectedRevision: 'no-stream' });
    const [early] = await store().readStream(s);
    await sleep(20);
    await store().append(s, commandEvents(1), { expectedRevision: 1 });
    const all = await store().readStream(s);
    expect(Date.parse(all[2].recordedAt)).toBeGreaterThan(Date.parse(early.recordedAt));

    expect(revisions(await store().readStream(s, { until: new Date(early.recordedAt) }))).toEqual([0, 1]);
    expect(revisions(await store().readStream(s, { until: new Date(all[2].recordedAt) }))).toEqual([0, 1, 2]);
    const before = new Date(Date.parse(early.recordedAt) - 1);
    expect(await store().readStream(s, { until: before })).toEqual([]);
  });

  it('reads all streams in one global order, page by page', async () => {
    const start = await tailPosition(store());
    const [a, b, c] = ['all-a', 'all-b', 'all-c'].map(uniqueStream);
    const order: string[] = [];
    const append = async (s: string, n: number) => {
      const events = commandEvents(n);
      await store().append(s, events, { expectedRevision: 'any' });
      order.push(...events.map((e) => e.id));
    };
    await append(a, 1);
    await append(b, 1);
    await append(a, 1);
    await append(c, 1);
    await append(b, 3);

    const { pages, mine } = await readAllOf(store(), new Set([a, b, c]), order.length, {
      after: start,
      limit: 2,
    });
    expect(mine.map((e) => e.id)).toEqual(order);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
    const seen = pages.flat();
    for (let i = 1; i < seen.length; i++) {
      expect(comparePositions(seen[i - 1].position, seen[i].position)).toBeLessThan(0);
    }
    // `after` is exclusive: resuming from the third of our events returns the fourth next.
    const resumed = await readAllOf(store(), new Set([a, b, c]), 3, { after: mine[2].position, limit: 100 });
    expect(resumed.mine.map((e) => e.id)).toEqual(order.slice(3));
  });

  it('lets verifyChain find a changed, deleted or reordered event in what was read', async () => {
    const s = uniqueStream('tamper');
    await store().append(s, commandEvents(2), { expectedRevision: 'no-stream' });
    await store().append(s, commandEvents(2), { expectedRevision: 1 });
    const read = await store().readStream(s);
    expect(verifyChain(read)).toEqual({ ok: true });

    const changed = read.map((e) => (e.revision === 1 ? { ...e, data: { ...e.data, index: 9 } } : e));
    expect(verifyChain(changed)).toMatchObject({ ok: false, revision: 1, eventId: read[1].id });
    const deleted = read.filter((e) => e.revision !== 2);
    expect(verifyChain(deleted)).toMatchObject({ ok: false, revision: 3, eventId: read[3].id });
    const reordered = [read[0], read[2], read[1], read[3]];
    expect(verifyChain(reordered)).toMatchObject({ ok: false, revision: 2 });
  });
};
