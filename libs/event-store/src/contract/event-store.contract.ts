import type { EventStore } from '../event-store.port.js';
import { appendCases } from './append.cases.js';
import type { StoreFactory, StoreUnderTest } from './fixtures.js';
import { readCases } from './read.cases.js';

export type { StoreFactory, StoreUnderTest } from './fixtures.js';

/**
 * The behaviour every EventStore adapter must show (DESIGN.md, "Event store port"). A runner
 * calls this inside its spec file; `factory` runs before each test and may hand out a fresh store
 * or a shared one (every test uses streams of its own, so a shared store is fine).
 */
export const describeEventStoreContract = (name: string, factory: StoreFactory): void => {
  describe(`EventStore contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    const store = (): EventStore => {
      if (!current) throw new Error('the contract store is not set up');
      return current.store;
    };
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    describe('append', () => appendCases(store));
    describe('read', () => readCases(store));
  });
};
