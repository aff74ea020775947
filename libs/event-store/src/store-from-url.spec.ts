import { InMemoryEventStore } from './in-memory-event-store.js';
import { KurrentDBEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { createEventStore } from './store-from-url.js';

describe('createEventStore', () => {
  it('opens the in-memory store for memory://', async () => {
    const store = await createEventStore('memory://');
    expect(store).toBeInstanceOf(InMemoryEventStore);
    await store.close();
  });

  // Nothing listens on port 1: the client connects on first use, so opening and closing work
  // without a server, and the first call fails as the store's unavailability.
  it.each([
    'kurrentdb://127.0.0.1:1?tls=false',
    'esdb://127.0.0.1:1?tls=false',
    'kurrentdb+discover://127.0.0.1:1?tls=false',
  ])('opens the KurrentDB store for %s', async (url) => {
    const store = await createEventStore(url);
    expect(store).toBeInstanceOf(KurrentDBEventStore);
    expect(store.sql).toBeUndefined();
    await store.close();
  });

  it.each(['mysql://x', 'pglite:/data', './data/events', ''])('names EVENT_STORE_URL for %p', async (url) => {
    await expect(createEventStore(url)).rejects.toThrow(/EVENT_STORE_URL/);
  });

  it('refuses pglite:// without a path', async () => {
    await expect(createEventStore('pglite://')).rejects.toThrow(/EVENT_STORE_URL/);
  });
});
