import type { DraftEvent } from '#drafting';
import { InMemoryEventStore } from '#event-store';
import { DocumentNumbers } from './document-numbers.js';

const issued = (documentNumber: string) =>
  ({
    type: 'Issued',
    data: { documentNumber, signingDate: '2019-01-07', effectiveDate: '2019-01-07' },
    schemaVersion: 1,
  }) as unknown as DraftEvent;

describe('DocumentNumbers', () => {
  const registry = 'numbering-committee_decision-2019';

  it('refuses (422) a racer with the same command id whose reservation was stored with another number', async () => {
    const store = new InMemoryEventStore();
    const numbers = new DocumentNumbers(store);
    await numbers.reserveFor('doc-1', [issued('61/2019/QĐ-UBND')], 'command-1');
    // The same Idempotency-Key (so the same command id) with another number: the store finds the
    // reservation's ids taken and answers with the first reservation.
    await expect(numbers.reserveFor('doc-1', [issued('62/2019/QĐ-UBND')], 'command-1')).rejects.toMatchObject(
      {
        code: 'HTTP.IDEMPOTENCY_KEY_REUSED',
      },
    );
    const stored = await store.readStream(registry);
    expect(stored.map((e) => e.data.number)).toEqual(['61/2019/QĐ-UBND']);
  });

  it('lets a retry with the same command id and number through, reserving once', async () => {
    const store = new InMemoryEventStore();
    const numbers = new DocumentNumbers(store);
    await numbers.reserveFor('doc-1', [issued('61/2019/QĐ-UBND')], 'command-1');
    await numbers.reserveFor('doc-1', [issued('61/2019/QĐ-UBND')], 'command-1');
    expect(await store.readStream(registry)).toHaveLength(1);
  });
});
