import { commandEvents, uniqueStream } from '../contract/fixtures.js';
import { StreamOrderConflict } from '../errors.js';
import { comparePositions } from '../position.js';
import type { PostgresEventStore } from './postgres-event-store.js';

/** The revisions of `streamId` whose global position is not above their predecessor's. */
const inversions = async (store: PostgresEventStore, streamId: string): Promise<number[]> => {
  const events = await store.readStream(streamId);
  return events
    .filter((e, i) => i > 0 && comparePositions(e.position, events[i - 1].position) <= 0)
    .map((e) => e.revision);
};

/** A promise with its resolve function, to step two transactions in a fixed interleaving. */
const signal = () => {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
};

/**
 * Issue 8 item 9: a stream's revisions must follow its global order, whatever the expected
 * revision. With `'any'`, two writers racing to create a stream both insert its `streams` row
 * speculatively; the loser already holds a transaction id (possibly the smaller one) when it
 * waits and then takes revision 1, so revision 1 sorted before revision 0 in readAll.
 */
export const describeStreamOrder = (store: () => PostgresEventStore): void => {
  describe("a stream's revisions follow the global order", () => {
    it("keeps it with 'any' appends racing to create streams", async () => {
      const streams = Array.from({ length: 300 }, () => uniqueStream('any-race'));
      const writers = 4;
      await Promise.all(
        streams.flatMap((s) =>
          Array.from({ length: writers }, () =>
            store().append(s, commandEvents(1), { expectedRevision: 'any' }),
          ),
        ),
      );
      const found: string[] = [];
      for (const s of streams) {
        const events = await store().readStream(s);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        for (const r of await inversions(store(), s)) found.push(`${s}@${r}`);
      }
      expect(found).toEqual([]);
    });

    it('refuses to place an event before its predecessor, and a plain append then succeeds', async () => {
      // T2 holds an older transaction id than T1, which creates the stream; T2 then appends
      // after T1's event. Stored, T2's event would sort before its predecessor.
      const s = uniqueStream('any-older-xid');
      const [t1Created, t1Release, t2Ready] = [signal(), signal(), signal()];
      const t2 = store().sql.transaction(async (tx) => {
        await tx.query('SELECT pg_current_xact_id()'); // takes its transaction id now
        t2Ready.fire();
        await t1Created.fired;
        const appended = store().appendInTransaction(tx, s, commandEvents(1), { expectedRevision: 'any' });
        t1Release.fire();
        return appended;
      });
      await t2Ready.fired;
      const t1 = store().sql.transaction(async (tx) => {
        await store().appendInTransaction(tx, s, commandEvents(1), { expectedRevision: 'any' });
        t1Created.fire();
        await t1Release.fired;
      });
      await t1;
      await expect(t2).rejects.toBeInstanceOf(StreamOrderConflict);
      await store().append(s, commandEvents(1), { expectedRevision: 'any' });
      expect((await store().readStream(s)).map((e) => e.revision)).toEqual([0, 1]);
      expect(await inversions(store(), s)).toEqual([]);
    });
  });
};
