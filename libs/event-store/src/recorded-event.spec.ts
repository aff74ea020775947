import { domainEventOf, occurredAtOf } from './recorded-event.js';
import type { RecordedEvent } from './event-store.port.js';

const recorded = (metadata: Record<string, unknown>): RecordedEvent =>
  ({
    id: 'e1',
    streamId: 'draft-1',
    revision: 0,
    type: 'DraftRevised',
    data: { summary: 'x' },
    metadata: { schemaVersion: 2, ...metadata },
    position: { commit: 1n, prepare: 1n },
    recordedAt: '2026-11-27T08:00:00.000Z',
    hash: 'h',
    previousHash: null,
  }) as unknown as RecordedEvent;

describe('recorded events as their domain reads them', () => {
  it('keeps type, data and schema version, and drops the envelope', () => {
    expect(domainEventOf(recorded({ occurredAt: '2019-01-07T02:00:00.000Z' }))).toEqual({
      type: 'DraftRevised',
      data: { summary: 'x' },
      schemaVersion: 2,
    });
  });

  it('takes business time from the command, else from the store', () => {
    expect(occurredAtOf(recorded({ occurredAt: '2019-01-07T02:00:00.000Z' }))).toBe(
      '2019-01-07T02:00:00.000Z',
    );
    expect(occurredAtOf(recorded({}))).toBe('2026-11-27T08:00:00.000Z');
  });
});
