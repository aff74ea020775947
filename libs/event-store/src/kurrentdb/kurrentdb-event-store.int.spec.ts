import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { KurrentDBEventStore } from './kurrentdb-event-store.js';

/*
 * The shared contract against a real KurrentDB, e.g.
 *   KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' npm test -- kurrentdb-event-store.int
 * (a single node started with --insecure, or the infra/ cluster with its TLS settings in the URL).
 * Every test uses streams of its own, so a server that already holds data is fine.
 *
 * Without KURRENTDB_URL it is skipped, and says so. There is no run against an in-memory double
 * of the client: what the contract would check there (which repeated writes KurrentDB treats as
 * idempotent, what an idempotent write answers, whether an append's position is its last
 * event's position in $all, whether every event of an unfiltered $all counts toward maxCount)
 * is exactly what such a double would have to assume, so it would only confirm this adapter's
 * own assumptions. The adapter's reactions to each answer are tested with a scripted client in
 * kurrentdb-event-store.spec.ts instead.
 *
 * Known deviation, expected to fail on a real server: the contract case "rejects an append that
 * repeats only some ids, or the same ids elsewhere" asks for IdempotencyMismatchError when the
 * ids of one stream's events are appended to ANOTHER stream. KurrentDB has no index by event id,
 * so this adapter cannot see them there (see KurrentDBEventStore). The same-stream halves of
 * that case hold.
 */
const url = process.env.KURRENTDB_URL;

if (url === undefined || url === '') {
  const reason = 'KurrentDB contract (skipped: set KURRENTDB_URL to run it)';
  console.warn(`${reason}: no KurrentDB server was given, so the KurrentDB adapter's contract did not run.`);
  describe.skip(reason, () => {
    it('runs the EventStore contract against KurrentDB', () => undefined);
  });
} else {
  let store: KurrentDBEventStore;
  beforeAll(() => {
    store = KurrentDBEventStore.fromConnectionString(url);
  });
  afterAll(async () => {
    await store?.close();
  });
  describeEventStoreContract(`KurrentDB (${new URL(url.replace(/^[a-z+]+:/i, 'http:')).host})`, async () => ({
    store,
    cleanup: async () => undefined,
  }));
}
