import type { Position } from '#event-store';
import { CheckpointWatch } from './checkpoint-watch.js';

const at = (commit: number): Position => ({ commit: BigInt(commit), prepare: 0n });

describe('the shared checkpoint watch', () => {
  const setup = (pollMs: number) => {
    let checkpoint = at(1);
    let reads = 0;
    const watch = new CheckpointWatch({
      read: async () => {
        reads++;
        return new Map([['p', checkpoint]]);
      },
      names: ['p'],
      pollMs: () => pollMs,
    });
    return { watch, move: (c: number) => (checkpoint = at(c)), reads: () => reads };
  };

  it('answers a hundred waiters with one read per tick, not one poll loop each', async () => {
    const { watch, move, reads } = setup(20);
    const waiters = Array.from({ length: 100 }, () => watch.wait(at(5), 10_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whileWaiting = reads();
    expect(watch.waiting).toBe(100);
    expect(whileWaiting).toBeLessThan(100 + 20); // one read each on arrival, then ~10 shared ticks
    move(5);
    expect(await Promise.all(waiters)).toEqual(Array(100).fill(true));
    expect(watch.waiting).toBe(0);
  });

  it('answers false when the bound passes first, and at once on a notification', async () => {
    const { watch, move } = setup(60_000); // no tick: only a notification can answer
    expect(await watch.wait(at(5), 30)).toBe(false);
    const waiting = watch.wait(at(5), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    move(6);
    const started = Date.now();
    watch.notify();
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
