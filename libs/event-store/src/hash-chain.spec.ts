import type { RecordedEvent } from './event-store.port.js';
import {
  canonicalJson,
  hashEvent,
  hashScopeOf,
  type HashScope,
  verifyChain,
  verifyStreamHistory,
} from './hash-chain.js';

const metadata = {
  actor: { userId: 'u', role: 'drafter', agency: 'a' },
  correlationId: 'c',
  causationId: 'c',
  commandId: 'c',
  schemaVersion: 1,
};

/** A well-formed chain of `n` events, built the way a store builds one. */
const chain = (n: number, scope: HashScope = 'full'): RecordedEvent[] => {
  const events: RecordedEvent[] = [];
  for (let revision = 0; revision < n; revision++) {
    const previousHash = events[revision - 1]?.hash ?? null;
    const content = {
      id: `00000000-0000-4000-8000-00000000000${revision}`,
      streamId: 's',
      revision,
      type: 'T',
      data: { revision, text: 'văn bản' },
      metadata,
      recordedAt: '2026-11-27T10:00:00.000Z',
    };
    const position = { commit: BigInt(revision + 1), prepare: BigInt(revision + 1) };
    events.push({ ...content, position, previousHash, hash: hashEvent(previousHash, content, scope) });
  }
  return events;
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and follows JSON.stringify otherwise', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, new Date(0)])).toBe('[null,"1970-01-01T00:00:00.000Z"]');
    expect(canonicalJson('"x"')).toBe(JSON.stringify('"x"'));
  });
});

describe('hashEvent', () => {
  const [e] = chain(1);
  it('is SHA-256 hex, independent of key order', () => {
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent(null, { ...e, data: { text: 'văn bản', revision: 0 } })).toBe(e.hash);
  });
  it('changes with the content and with the predecessor', () => {
    expect(hashEvent(null, { ...e, type: 'U' })).not.toBe(e.hash);
    expect(hashEvent(null, { ...e, recordedAt: '2026-11-27T10:00:00.001Z' })).not.toBe(e.hash);
    expect(hashEvent('0'.repeat(64), e)).not.toBe(e.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, an empty one, and a slice starting mid-stream', () => {
    expect(verifyChain(chain(4))).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
    expect(verifyChain(chain(4).slice(2))).toEqual({ ok: true });
  });

  it('reports a changed event at its revision', () => {
    const events = chain(4);
    events[2] = { ...events[2], data: { revision: 2, text: 'sửa' } };
    expect(verifyChain(events)).toEqual({
      ok: false,
      revision: 2,
      eventId: events[2].id,
      reason: 'content does not match its hash',
    });
  });

  it('reports the successor of an event rewritten with a fresh hash', () => {
    const events = chain(4);
    const forged = { ...events[1], type: 'Forged' };
    events[1] = { ...forged, hash: hashEvent(forged.previousHash, forged) };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      revision: 2,
      reason: expect.stringContaining('previousHash'),
    });
  });

  it('reports the successor of a deleted event', () => {
    const events = chain(4);
    expect(verifyChain([events[0], events[2], events[3]])).toMatchObject({ ok: false, revision: 2 });
  });

  it('reports a deleted event even when the revisions were renumbered', () => {
    const [a, , c] = chain(3);
    expect(verifyChain([a, { ...c, revision: 1 }])).toMatchObject({ ok: false, revision: 1 });
  });

  it('reports a deleted event even when the chain after it was recomputed', () => {
    const [a, , c, d] = chain(4);
    const relinked = { ...c, previousHash: a.hash };
    const c2 = { ...relinked, hash: hashEvent(a.hash, relinked) };
    const d2 = { ...d, previousHash: c2.hash, hash: hashEvent(c2.hash, d) };
    expect(verifyChain([a, c2, d2])).toMatchObject({
      ok: false,
      revision: 2,
      reason: 'revision 2 follows revision 0',
    });
  });

  it('reports reordered events', () => {
    const [a, b, c, d] = chain(4);
    expect(verifyChain([a, c, b, d])).toMatchObject({ ok: false, revision: 2, eventId: c.id });
  });

  it('reports a first event that claims a predecessor', () => {
    const [a] = chain(1);
    expect(verifyChain([{ ...a, previousHash: 'f'.repeat(64) }])).toMatchObject({ ok: false, revision: 0 });
  });
});

describe('verifyStreamHistory (a whole stream against its recorded head)', () => {
  it('accepts an intact stream, with or without a head to check against', () => {
    expect(verifyStreamHistory(chain(4), 3)).toEqual({ ok: true });
    expect(verifyStreamHistory(chain(4), undefined)).toEqual({ ok: true });
    expect(verifyStreamHistory([], undefined)).toEqual({ ok: true });
  });

  it('reports a missing last event at its revision, and a stream emptied behind its head', () => {
    expect(verifyStreamHistory(chain(4).slice(0, 3), 3)).toEqual({
      ok: false,
      revision: 3,
      eventId: null,
      reason: 'revision 3 is missing: the stream records revision 3',
    });
    expect(verifyStreamHistory([], 2)).toMatchObject({ ok: false, revision: 0, eventId: null });
  });

  it('reports a missing first event at its successor, which a slice check would trust', () => {
    const events = chain(4).slice(1);
    expect(verifyChain(events)).toEqual({ ok: true });
    expect(verifyStreamHistory(events, 3)).toMatchObject({ ok: false, revision: 1, eventId: events[0].id });
  });

  it('reports events at revisions no append could have written', () => {
    const [a, b] = chain(2);
    expect(verifyStreamHistory([{ ...a, revision: -1 }, a, b], 1)).toMatchObject({ ok: false, revision: -1 });
    expect(verifyStreamHistory([a, b], 0)).toMatchObject({ ok: false, revision: 1, eventId: b.id });
  });

  it('reports an event whose global position does not follow its predecessor’s', () => {
    const [a, b, c] = chain(3);
    expect(verifyStreamHistory([a, { ...b, position: a.position }, c], 2)).toMatchObject({
      ok: false,
      revision: 1,
      reason: 'its global position is not after its predecessor’s',
    });
  });
});

describe("hashes that do not cover recordedAt (scope 'content', the KurrentDB store)", () => {
  // Known answer, so a change to either preimage (which would break every stored chain) fails here.
  it('keeps the full preimage unchanged and separates the content preimage from it', () => {
    const [full] = chain(1);
    const [content] = chain(1, 'content');
    expect(full.hash).toBe('528ce8f416789d32fc3b2268c3a339bb9b97e2260767deeab4b9cbc047ef20d4');
    expect(content.hash).toBe('e95d2a778777dda7ae5c6c39759c8caf75441f5b007918dd99a4974ce865b0c9');
    expect(content.hash).not.toBe(full.hash);
  });

  it('ignores recordedAt and nothing else', () => {
    const [e] = chain(1, 'content');
    expect(hashEvent(null, { ...e, recordedAt: '2030-01-01T00:00:00.000Z' }, 'content')).toBe(e.hash);
    expect(hashEvent(null, e, 'content')).toBe(hashEvent(null, { ...e, recordedAt: undefined }, 'content'));
    expect(hashEvent(null, { ...e, type: 'U' }, 'content')).not.toBe(e.hash);
    expect(hashEvent('0'.repeat(64), e, 'content')).not.toBe(e.hash);
    expect(() => hashEvent(null, { ...e, recordedAt: undefined })).toThrow(TypeError);
  });

  it('names the scope an event was hashed under', () => {
    expect(chain(2).map(hashScopeOf)).toEqual(['full', 'full']);
    expect(chain(2, 'content').map(hashScopeOf)).toEqual(['content', 'content']);
    const [e] = chain(1);
    expect(hashScopeOf({ ...e, type: 'U' })).toBeUndefined();
  });

  it('lets verifyChain accept such a chain, whatever its recordedAt, and still find tampering', () => {
    const events = chain(4, 'content').map((e, i) => ({ ...e, recordedAt: `2026-11-27T10:00:0${i}.000Z` }));
    expect(verifyChain(events)).toEqual({ ok: true });
    const changed = events.map((e) => (e.revision === 1 ? { ...e, data: { revision: 1, text: 'sửa' } } : e));
    expect(verifyChain(changed)).toMatchObject({ ok: false, revision: 1 });
    expect(verifyChain([events[0], events[2], events[3]])).toMatchObject({ ok: false, revision: 2 });
    expect(verifyChain([events[0], events[2], events[1], events[3]])).toMatchObject({
      ok: false,
      revision: 2,
    });
  });

  it("still covers recordedAt for a chain hashed in scope 'full'", () => {
    const events = chain(3);
    events[1] = { ...events[1], recordedAt: '2026-11-27T09:00:00.000Z' };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      revision: 1,
      reason: 'content does not match its hash',
    });
  });
});
