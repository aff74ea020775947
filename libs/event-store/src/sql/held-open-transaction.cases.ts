import { commandEvents, nextPage, readAllOf, tailPosition, uniqueStream } from '../contract/fixtures.js';
import type { RecordedEvent } from '../event-store.port.js';
import type { Position } from '../position.js';
import type { PostgresEventStore } from './postgres-event-store.js';

class RollBack extends Error {}

/** Everything readAll returns after `after` right now, without waiting for more. */
const readNow = async (store: PostgresEventStore, after: Position | undefined) => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await nextPage(store, after, 100);
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1].position;
  }
};

/** A promise with its resolve function, to step two transactions in a fixed interleaving. */
const signal = () => {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
};

/**
 * RELIABILITY.md, "no skipped events", with two connections. T1 appends and stays open; T2
 * appends to another stream and commits; then T1 appends once more, so its second event has a
 * larger `position` than T2's while its transaction id is smaller. readAll must not return T2's
 * event while T1 is open (a reader would checkpoint past T1 and skip it for good); after T1
 * commits, readAll returns T1's events then T2's, in transaction order, not bigserial order.
 * Both transactions go through the adapter's real append, the reads through its real readAll.
 */
export const describeHeldOpenTransaction = (store: () => PostgresEventStore): void => {
  describe('readAll with a transaction held open (no skipped events)', () => {
    it.each(['commit', 'rollback'] as const)(
      'holds back later commits until T1 ends (T1: %s)',
      async (outcome) => {
        const start = await tailPosition(store());
        const [s1, s2, s3] = ['held-t1', 'held-t2', 'held-t3'].map(uniqueStream);
        const [e1, e1b, e2, e3] = [commandEvents(1), commandEvents(1), commandEvents(1), commandEvents(1)];
        const [t1Inserted, t2Committed, t1InsertedAgain, t1Release] = [
          signal(),
          signal(),
          signal(),
          signal(),
        ];
        const t1 = store().sql.transaction(async (tx) => {
          await store().appendInTransaction(tx, s1, e1, { expectedRevision: 'no-stream' });
          t1Inserted.fire();
          await t2Committed.fired;
          await store().appendInTransaction(tx, s1, e1b, { expectedRevision: 0 });
          t1InsertedAgain.fire();
          await t1Release.fired;
          if (outcome === 'rollback') throw new RollBack();
        });
        const t1Ended = t1.then(
          () => 'committed',
          (error: unknown) => (error instanceof RollBack ? 'rolled back' : Promise.reject(error)),
        );
        try {
          await t1Inserted.fired;
          await store().append(s2, e2, { expectedRevision: 'no-stream' });
          t2Committed.fire();
          await t1InsertedAgain.fired;

          expect(await store().readStream(s2)).toHaveLength(1); // T2 is committed and visible...
          const during = (await readNow(store(), start)).map((e) => e.streamId);
          expect(during).not.toContain(s2); // ...but readAll does not pass the open T1 to reach it,
          expect(during).not.toContain(s1); // and T1's own events are not committed yet.
        } finally {
          // Also when an expectation failed: a T1 left open would hang the file's DROP SCHEMA.
          t2Committed.fire();
          t1Release.fire();
        }
        expect(await t1Ended).toBe(outcome === 'commit' ? 'committed' : 'rolled back');
        await store().append(s3, e3, { expectedRevision: 'no-stream' });
        const expected = outcome === 'commit' ? [e1[0], e1b[0], e2[0], e3[0]] : [e2[0], e3[0]];
        const { mine } = await readAllOf(store(), new Set([s1, s2, s3]), expected.length, { after: start });
        expect(mine.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        if (outcome === 'commit') {
          const [, second, t2] = mine;
          expect(second.position.prepare).toBeGreaterThan(t2.position.prepare); // bigserial order differs
        } else {
          expect(await store().readStream(s1)).toEqual([]);
        }
      },
    );
  });
};
