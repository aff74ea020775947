import pg from 'pg';
import {
  generateSealingKeyPem,
  hashEvent,
  hashScopeOf,
  publicKeyFrom,
  sealingKeyFrom,
  StoreSealer,
  verifySealedExport,
} from '#event-store';
import { DATABASE_URL, postgresStore, type TestStore } from '../support/stores.js';
import { startApi, type Api } from '../support/http.js';
import { users } from '../support/users.js';
import { DocumentWalk } from '../support/walk.js';

// Issue 12 item 7: the verify answer and the history say when the document was last sealed,
// verify names a chain rewritten (with recomputed hashes) since that seal, and the key to check
// an export offline is published.

const decision = {
  kind: 'committee_decision',
  title: 'Quy chế niêm phong',
  agency: 'so-khcn',
  procedure: 'standard',
  origin: 'additional',
  year: 2019,
};

describe('audit: seals over HTTP (PostgreSQL)', () => {
  const pem = generateSealingKeyPem();
  const key = sealingKeyFrom(pem);
  let store: TestStore;
  let api: Api;
  let db: pg.Client;
  let sealer: StoreSealer;

  beforeAll(async () => {
    store = await postgresStore();
    // No loop: the test seals when it wants to (StoreSealer, as `npm run seal` does).
    api = await startApi(store.store, { SEAL_SIGNING_KEY: pem, SEAL_INTERVAL_SECONDS: '0' });
    sealer = new StoreSealer(store.store, key, { now: () => new Date('2019-01-08T03:00:00.000Z') });
    db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`SET search_path TO ${store.schema}`);
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
    await store?.cleanup();
  });

  async function draftWithThreeEvents(): Promise<DocumentWalk> {
    const doc = new DocumentWalk(api);
    await doc.assign(users.office, decision);
    await doc.expect('start-drafting', users.drafter, 'drafting');
    await doc.expect('record-revision', users.drafter, 'revising', { summary: 'Bản 1' });
    return doc;
  }
  const verify = (doc: DocumentWalk) =>
    api.request('GET', `/documents/${doc.id}/verify`, { user: users.inspector });
  const history = (doc: DocumentWalk) =>
    api.request('GET', `/documents/${doc.id}/history?consistentWith=${doc.position}`, { user: users.lead });
  /**
   * Seals until a seal covers the document's `revision` and returns that seal: a seal reads the
   * store in global order, which never passes a transaction still open anywhere on the server
   * (other test files share it), so the first seal may stop just short of the newest event.
   */
  const sealThrough = async (doc: DocumentWalk, revision: number) => {
    for (let i = 0; ; i++) {
      const seal = await sealer.sealOnce();
      if (seal && (await verify(doc)).body.lastSealed?.revision === revision) return seal;
      if (i > 200) throw new Error(`no seal covered revision ${revision} of ${doc.id}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('publishes the key the seals are signed with, to anyone', async () => {
    const anonymous = await api.request('GET', '/audit/public-key');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ keyId: key.keyId, algorithm: 'Ed25519', publicKey: key.publicKeyPem });
    expect((await api.request('GET', '/audit/public-key', { user: users.drafter })).body.keyId).toBe(
      key.keyId,
    );
  });

  it('says when the document was last sealed, in verify and in the history', async () => {
    const doc = await draftWithThreeEvents();
    expect((await verify(doc)).body).toEqual({
      documentId: doc.id,
      intact: true,
      events: 3,
      lastSealed: null,
    });
    expect((await history(doc)).body.lastSealed).toBeNull();

    const seal = await sealThrough(doc, 2);
    expect(seal).toBeDefined();
    const lastSealed = { sequence: seal!.sequence, sealedAt: '2019-01-08T03:00:00.000Z', revision: 2 };
    expect((await verify(doc)).body).toEqual({ documentId: doc.id, intact: true, events: 3, lastSealed });
    expect((await history(doc)).body.lastSealed).toEqual(lastSealed);

    // Moving on after the seal: the seal still covers revision 2; the next seal covers 3.
    await doc.expect('record-revision', users.drafter, 'revising', { summary: 'Bản 2' });
    expect((await verify(doc)).body).toMatchObject({ intact: true, events: 4, lastSealed });
    const next = await sealThrough(doc, 3);
    expect((await verify(doc)).body.lastSealed).toEqual({
      ...lastSealed,
      sequence: next!.sequence,
      revision: 3,
    });
    expect((await history(doc)).body.lastSealed).toEqual({
      ...lastSealed,
      sequence: next!.sequence,
      revision: 3,
    });
  });

  it('names a chain rewritten with recomputed hashes since the last seal', async () => {
    const doc = await draftWithThreeEvents();
    await sealThrough(doc, 2);
    const stream = `draft-${doc.id}`;
    // Whoever can write the table rewrites revision 1 and recomputes every later hash: the
    // chain fits itself and the store's head is untouched.
    const events = await store.store.readStream(stream);
    let previousHash = events[0].hash;
    for (const e of events.slice(1)) {
      const changed = {
        ...e,
        previousHash,
        data: e.revision === 1 ? { ...e.data, forged: true } : e.data,
      };
      const hash = hashEvent(previousHash, changed, hashScopeOf(e)!);
      await db.query('UPDATE events SET data = $1, hash = $2, previous_hash = $3 WHERE id = $4', [
        changed.data,
        hash,
        previousHash,
        e.id,
      ]);
      previousHash = hash;
    }
    const answer = (await verify(doc)).body;
    expect(answer).toMatchObject({
      intact: false,
      firstMismatch: { revision: 2, eventId: events[2].id },
      rewritten: { revision: 2, sealedHash: events[2].hash, storedHash: previousHash },
      lastSealed: { revision: 2 },
    });
    expect(answer.firstMismatch.reason).toMatch(/rewritten at or before it with recomputed hashes/);

    // And offline, against the published key, the same export is named at its exact place.
    const published = (await api.request('GET', '/audit/public-key')).body.publicKey;
    const verdict = verifySealedExport(
      await store.store.readAll({ limit: 10_000 }),
      publicKeyFrom(published),
      {
        streams: (id) => id === stream,
      },
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.firstEvent).toMatchObject({ streamId: stream });
  });
});
