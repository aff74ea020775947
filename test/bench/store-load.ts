import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type EventStore, type NewEvent } from '#event-store';
import { percentile } from './machine.js';

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'DraftRevised',
  data: { summary: 'x'.repeat(400), reason: 'benchmark' },
  metadata: {
    actor: { userId: 'bench', role: 'drafter', agency: 'so-khcn' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    schemaVersion: 1,
  },
});

/** P2: `writers` concurrent writers, each appending one event at a time to streams of its own. */
export async function appendLoad(store: EventStore, writers: number, seconds: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const run = `p2-${randomUUID().slice(0, 8)}`;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const revisions = new Map<string, number>();
      for (let n = 0; performance.now() < deadline; n++) {
        const stream = `${run}-${w}-${n % 50}`;
        const expected = revisions.get(stream) ?? 'no-stream';
        const t0 = performance.now();
        const result = await store.append(stream, [event()], { expectedRevision: expected });
        latencies.push(performance.now() - t0);
        revisions.set(stream, result.revision);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / elapsed, p99: percentile(latencies, 99) };
}

/** P3: `writers` writers on one stream; every attempt either appends or is told it conflicted. */
export async function contendedLoad(store: EventStore, writers: number, seconds: number) {
  const stream = `p3-${randomUUID()}`;
  await store.append(stream, [event()], { expectedRevision: 'no-stream' });
  let appended = 0;
  let conflicts = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      let known = 0;
      while (performance.now() < deadline) {
        try {
          known = (await store.append(stream, [event()], { expectedRevision: known })).revision;
          appended++;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || typeof error.actual !== 'number') throw error;
          conflicts++;
          known = error.actual;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const length = (await store.readStream(stream)).length;
  return { perSecond: appended / elapsed, appended, conflicts, lost: appended + 1 - length };
}
