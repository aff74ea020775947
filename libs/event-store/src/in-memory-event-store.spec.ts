import { describeEventStoreContract } from './contract/event-store.contract.js';
import { commandEvents } from './contract/fixtures.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describeEventStoreContract('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describe('InMemoryEventStore', () => {
  it('keeps recordedAt from running backwards within a stream when the clock does', async () => {
    const times = ['2026-11-27T10:00:00.500Z', '2026-11-27T09:00:00.000Z'];
    const store = new InMemoryEventStore({ now: () => new Date(times.shift() ?? 0) });
    await store.append('s', commandEvents(1), { expectedRevision: 'no-stream' });
    await store.append('s', commandEvents(1), { expectedRevision: 0 });
    const read = await store.readStream('s');
    expect(read.map((e) => e.recordedAt)).toEqual(['2026-11-27T10:00:00.500Z', '2026-11-27T10:00:00.500Z']);
  });

  it('hands out copies, so a reader cannot rewrite history', async () => {
    const store = new InMemoryEventStore();
    await store.append('s', commandEvents(1), { expectedRevision: 'no-stream' });
    const [first] = await store.readStream('s');
    (first.data as { index: number }).index = 42;
    expect((await store.readStream('s'))[0].data).toMatchObject({ index: 0 });
  });

  it('numbers positions 1, 2, 3 … with commit equal to prepare', async () => {
    const store = new InMemoryEventStore();
    await store.append('a', commandEvents(2), { expectedRevision: 'no-stream' });
    await store.append('b', commandEvents(1), { expectedRevision: 'no-stream' });
    const all = await store.readAll({ limit: 10 });
    expect(all.map((e) => e.position)).toEqual([1n, 2n, 3n].map((n) => ({ commit: n, prepare: n })));
  });
});
