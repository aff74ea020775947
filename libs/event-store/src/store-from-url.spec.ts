import { InMemoryEventStore } from './in-memory-event-store.js';
import { createEventStore } from './store-from-url.js';

describe('createEventStore', () => {
  it('opens the in-memory store for memory://', async () => {
    const store = await createEventStore('memory://');
    expect(store).toBeInstanceOf(InMemoryEventStore);
    await store.close();
  });

  it.each(['kurrentdb://localhost:2113', 'esdb://localhost:2113'])(
    'says KurrentDB is not available yet (%s)',
    async (url) => {
      await expect(createEventStore(url)).rejects.toThrow(/KurrentDB adapter is not available yet/);
    },
  );

  it.each(['mysql://x', 'pglite:/data', './data/events', ''])('names EVENT_STORE_URL for %p', async (url) => {
    await expect(createEventStore(url)).rejects.toThrow(/EVENT_STORE_URL/);
  });

  it('refuses pglite:// without a path', async () => {
    await expect(createEventStore('pglite://')).rejects.toThrow(/EVENT_STORE_URL/);
  });
});
