import { randomUUID } from 'node:crypto';
import { eventId } from '../event-id.js';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port.js';
import { comparePositions, type Position } from '../position.js';

/** What a contract runner supplies: a store, and how to let go of it after each test. */
export interface StoreUnderTest {
  readonly store: EventStore;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreUnderTest>;

/** A stream name no other test (or earlier run against the same database) uses. */
export const uniqueStream = (prefix: string): string => `${prefix}-${randomUUID()}`;

/** `count` events of one command, with deterministic ids as the application derives them. */
export const commandEvents = (count: number, commandId: string = randomUUID(), type = 'Tested'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: eventId(commandId, i),
    type,
    data: { index: i, text: 'Dự thảo <b>quyết định</b>', nested: { z: 1, a: [true, null, 'x'] } },
    metadata: {
      actor: { userId: 'u-1', role: 'drafter', agency: 'sở-tư-pháp' },
      correlationId: commandId,
      causationId: commandId,
      commandId,
      schemaVersion: 1,
    },
  }));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pages through readAll from `after` with a small limit until the events of `streams` number at
 * least `expected`. It waits because on a shared PostgreSQL server any transaction still open
 * elsewhere holds readAll back for a moment (by design: see PostgresEventStore.readAll).
 */
export const readAllOf = async (
  store: EventStore,
  streams: ReadonlySet<string>,
  expected: number,
  options: { after?: Position; limit?: number } = {},
): Promise<{ pages: RecordedEvent[][]; mine: RecordedEvent[] }> => {
  const limit = options.limit ?? 4;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const pages: RecordedEvent[][] = [];
    let after = options.after;
    for (;;) {
      const page = await nextPage(store, after, limit);
      if (page.length === 0) break;
      pages.push(page);
      after = page[page.length - 1].position;
    }
    const mine = pages.flat().filter((e) => streams.has(e.streamId));
    if (mine.length >= expected || Date.now() > deadline) return { pages, mine };
    await sleep(50);
  }
};

/** The last position readAll reaches now: where a test's own events will start. */
export const tailPosition = async (store: EventStore): Promise<Position | undefined> => {
  let after: Position | undefined;
  for (;;) {
    const page = await nextPage(store, after, 500);
    if (page.length === 0) return after;
    after = page[page.length - 1].position;
  }
};

/** One readAll page, checked: `after` is exclusive and the limit holds (a broken store must fail, not loop). */
export const nextPage = async (store: EventStore, after: Position | undefined, limit: number) => {
  const page = await store.readAll({ after, limit });
  if (page.length > limit) throw new Error(`readAll returned ${page.length} events for limit ${limit}`);
  if (after && page.length > 0 && comparePositions(page[0].position, after) <= 0) {
    throw new Error('readAll returned an event at or before `after`');
  }
  return page;
};
