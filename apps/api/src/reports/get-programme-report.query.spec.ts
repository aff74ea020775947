import { eventId, InMemoryEventStore, type EventStore, type ReadAllOptions } from '#event-store';
import { endOfLocalDay } from '#reporting';
import { GetProgrammeReportHandler, GetProgrammeReportQuery } from './get-programme-report.query.js';

const query = new GetProgrammeReportQuery({
  agency: 'so-khcn',
  year: 2019,
  asOf: endOfLocalDay('2019-12-31'),
});

async function storeWithReviews(n: number): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  const events = Array.from({ length: n }, (_, i) => ({
    id: eventId(`review-${i}`, 0),
    type: 'ReviewRecorded',
    data: {
      reviewId: `r${i}`,
      agency: 'so-khcn',
      year: 2019,
      reviewedDocument: 'x',
      outcome: 'keep',
      reviewedOn: '2019-02-01',
    },
    metadata: {
      actor: { userId: 'u', role: 'drafter', agency: 'so-khcn' },
      correlationId: 'c',
      causationId: 'c',
      commandId: `c${i}`,
      schemaVersion: 1,
      occurredAt: '2019-02-01T03:00:00.000Z',
    },
  }));
  for (const [i, e] of events.entries())
    await store.append(`review-r${i}`, [e], { expectedRevision: 'no-stream' });
  return store;
}

describe('the programme report query', () => {
  it('folds the whole log, page after page', async () => {
    const report = await new GetProgrammeReportHandler(await storeWithReviews(1_201)).execute(query);
    expect(report.reviews.total).toBe(1_201);
  });

  it('waits until the log read has passed consistentWith', async () => {
    const store = await storeWithReviews(3);
    const [, , last] = await store.readAll({ limit: 10 });
    // The last event becomes readable only on the third read, as behind an open transaction.
    let reads = 0;
    const lagging: EventStore = {
      ...store,
      readAll: async (options: ReadAllOptions) => {
        reads += 1;
        const page = await store.readAll(options);
        return reads < 3 ? page.filter((e) => e.id !== last.id) : page;
      },
      readStream: store.readStream.bind(store),
      readStreams: store.readStreams.bind(store),
      append: store.append.bind(store),
      close: store.close.bind(store),
    };
    const handler = new GetProgrammeReportHandler(lagging);
    expect((await handler.execute(query)).reviews.total).toBe(2);
    reads = 0;
    const waited = await handler.execute(new GetProgrammeReportQuery(query.query, last.position));
    expect(waited.reviews.total).toBe(3);
  });

  it('given an agency no event names and no directory, then it is 404 unless it is the asker’s own', async () => {
    const handler = new GetProgrammeReportHandler(await storeWithReviews(1));
    const unknown = new GetProgrammeReportQuery({ ...query.query, agency: 'khong-co' });
    await expect(handler.execute(unknown)).rejects.toMatchObject({
      code: 'REPORT.UNKNOWN_AGENCY',
      status: 404,
    });
    const own = new GetProgrammeReportQuery({ ...query.query, agency: 'khong-co' }, undefined, 'khong-co');
    expect((await handler.execute(own)).reviews.total).toBe(0);
  });
});
