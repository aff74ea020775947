import { createHash } from 'node:crypto';
import { canonicalJson, hashEvent } from '../hash-chain.js';
import { preimageAround } from './single-append.js';

describe('preimageAround', () => {
  it('splits the hashed content around recordedAt, so the database can finish the same hash', () => {
    const event = {
      id: '6F1C8A52-9D0B-4C55-9A36-3A0E7C1D2B47',
      type: 'DraftRevised',
      data: { summary: 'Tiếp thu "ý kiến" \n góp ý', recordedAt: 'not the real one' },
      metadata: {
        actor: { userId: 'u', role: 'drafter', agency: 'so-khcn' },
        correlationId: 'c',
        causationId: 'c',
        commandId: 'c',
        schemaVersion: 1,
      },
    };
    const { prefix, suffix } = preimageAround('draft-1', 7, event);
    const recordedAt = '2026-11-27T07:40:00.123Z';
    const previous = 'ab'.repeat(32);
    const byDatabase = createHash('sha256')
      .update(`${previous}\n${prefix}${recordedAt}${suffix}`)
      .digest('hex');
    const expected = hashEvent(previous, {
      ...event,
      id: event.id.toLowerCase(),
      streamId: 'draft-1',
      revision: 7,
      recordedAt,
    });
    expect(byDatabase).toBe(expected);
  });

  it('is exact whatever text the event carries, the old placeholder and recordedAt keys included', () => {
    const marker = `recorded-at-${'0'.repeat(8)}-marker`;
    const metadata = {
      actor: { userId: marker, role: 'r', agency: 'a' },
      commandId: 'c',
      recordedAt: marker,
    };
    const event = {
      id: '6f1c8a52-9d0b-4c55-9a36-3a0e7c1d2b47',
      type: `"recordedAt":"${marker}"`,
      data: { title: `Quyết định ${marker}`, [marker]: { recordedAt: marker }, '': [null] },
      metadata: metadata as never,
    };
    const { prefix, suffix } = preimageAround(`draft-${marker}`, 0, event);
    const recordedAt = '2026-11-27T07:40:00.123Z';
    const content = { ...event, streamId: `draft-${marker}`, revision: 0, recordedAt };
    expect(`${prefix}${recordedAt}${suffix}`).toBe(canonicalJson(content));
  });
});
