import { hashEvent } from '../hash-chain.js';
import type { PostgresEventStore } from '../sql/postgres-event-store.js';
import { verifyStream as verifyWhole } from '../verify-stream.js';
import { commandEvents, uniqueStream } from './fixtures.js';

const verifyStream = async (store: PostgresEventStore, s: string) => (await verifyWhole(store, s)).verdict;

/** The text the SQL append once used to find recordedAt in the hash's preimage. */
const PREIMAGE_MARKER = `recorded-at-${'0'.repeat(8)}-marker`;

/**
 * Tampering the way an intruder with database access would: SQL on the events table. The hash
 * chain must point at the first event that no longer fits (RELIABILITY.md, tamper-evident history).
 */
export const describeSqlTamperEvidence = (name: string, store: () => PostgresEventStore): void => {
  describe(`hash chain against SQL tampering: ${name}`, () => {
    const fourEvents = async () => {
      const s = uniqueStream('sql-tamper');
      await store().append(s, commandEvents(4), { expectedRevision: 'no-stream' });
      const read = await store().readStream(s);
      expect(await verifyStream(store(), s)).toEqual({ ok: true });
      return { s, read };
    };
    const sql = (text: string, params: unknown[]) => store().sql.query(text, params);
    const swap = async (s: string, a: number, b: number) => {
      // Three steps, because (stream_id, revision) is unique after every row.
      const move = 'UPDATE events SET revision = $3 WHERE stream_id = $1 AND revision = $2';
      await sql(move, [s, a, -1000]);
      await sql(move, [s, b, a]);
      await sql(move, [s, -1000, b]);
    };

    it('reports an event whose data was changed', async () => {
      const { s, read } = await fourEvents();
      await sql(`UPDATE events SET data = jsonb_set(data, '{index}', '9') WHERE id = $1`, [read[1].id]);
      expect(await verifyStream(store(), s)).toEqual({
        ok: false,
        revision: 1,
        eventId: read[1].id,
        reason: 'content does not match its hash',
      });
    });

    it.each([0, 3])('reports a change to the first or last event (revision %i)', async (revision) => {
      const { s, read } = await fourEvents();
      await sql(`UPDATE events SET type = 'Forged' WHERE id = $1`, [read[revision].id]);
      expect(await verifyStream(store(), s)).toMatchObject({
        ok: false,
        revision,
        eventId: read[revision].id,
      });
    });

    it('reports the successor of an event changed with its hash recomputed', async () => {
      const { s, read } = await fourEvents();
      const forged = { ...read[1], type: 'Forged' };
      const hash = hashEvent(forged.previousHash, forged);
      await sql(`UPDATE events SET type = 'Forged', hash = $2 WHERE id = $1`, [read[1].id, hash]);
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: 2, eventId: read[2].id });
    });

    it('reports the successor of a deleted event', async () => {
      const { s, read } = await fourEvents();
      await sql('DELETE FROM events WHERE id = $1', [read[1].id]);
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: 2, eventId: read[2].id });
    });

    it('reports a deleted first event at its successor, without throwing', async () => {
      const { s, read } = await fourEvents();
      await sql('DELETE FROM events WHERE id = $1', [read[0].id]);
      expect(await verifyStream(store(), s)).toEqual({
        ok: false,
        revision: 1,
        eventId: read[1].id,
        reason: 'revision 1 has no predecessor: revision 0 is missing',
      });
    });

    it('reports a deleted last event at its revision', async () => {
      const { s, read } = await fourEvents();
      await sql('DELETE FROM events WHERE id = $1', [read[3].id]);
      expect(await verifyStream(store(), s)).toEqual({
        ok: false,
        revision: 3,
        eventId: null,
        reason: 'revision 3 is missing: the stream records revision 3',
      });
    });

    it('reports a stream whose events were all deleted', async () => {
      const { s } = await fourEvents();
      await sql('DELETE FROM events WHERE stream_id = $1', [s]);
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: 0, eventId: null });
    });

    it('reports an event inserted after the last one, even with a well-chained hash', async () => {
      const { s, read } = await fourEvents();
      const [extra] = commandEvents(1);
      const content = { ...extra, streamId: s, revision: 4, recordedAt: read[3].recordedAt };
      await sql(
        `INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
         VALUES ($1, 4, $2, $3, $4, $5, $6, $7, $8)`,
        [
          s,
          extra.id,
          extra.type,
          extra.data,
          extra.metadata,
          content.recordedAt,
          hashEvent(read[3].hash, content),
          read[3].hash,
        ],
      );
      expect(await verifyStream(store(), s)).toEqual({
        ok: false,
        revision: 4,
        eventId: extra.id,
        reason: 'revision 4 is beyond the stream’s recorded revision 3',
      });
    });

    it('reports an event inserted before the first one', async () => {
      const { s, read } = await fourEvents();
      await sql(
        `INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at, hash, previous_hash)
         SELECT stream_id, -1, $2, type, data, metadata, recorded_at, hash, NULL FROM events WHERE id = $1`,
        [read[0].id, commandEvents(1)[0].id],
      );
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: -1 });
    });

    it('reports events whose order was swapped', async () => {
      const { s, read } = await fourEvents();
      await swap(s, 1, 2);
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: 1, eventId: read[2].id });
    });

    it.each([
      [0, 1],
      [2, 3],
    ])('reports a swap of the first or last two events (%i, %i)', async (a, b) => {
      const { s, read } = await fourEvents();
      await swap(s, a, b);
      expect(await verifyStream(store(), s)).toMatchObject({ ok: false, revision: a, eventId: read[b].id });
    });

    it('reports an event moved before its predecessor in the global order', async () => {
      const { s, read } = await fourEvents();
      await sql('UPDATE events SET position = (SELECT min(position) - 1 FROM events) WHERE id = $1', [
        read[3].id,
      ]);
      expect(await verifyStream(store(), s)).toEqual({
        ok: false,
        revision: 3,
        eventId: read[3].id,
        reason: 'its global position is not after its predecessor’s',
      });
    });

    it('appends and verifies text that contains the hash preimage’s old marker', async () => {
      const s = uniqueStream('sql-marker');
      const [event] = commandEvents(1);
      const marked = { ...event, data: { title: `Quyết định ${PREIMAGE_MARKER}`, [PREIMAGE_MARKER]: 1 } };
      await store().append(s, [marked], { expectedRevision: 'no-stream' });
      const [next] = commandEvents(1);
      await store().append(s, [{ ...next, type: PREIMAGE_MARKER }], { expectedRevision: 0 });
      expect(await verifyStream(store(), s)).toEqual({ ok: true });
    });
  });
};
