import { hashEvent, verifyChain } from '../hash-chain.js';
import type { PostgresEventStore } from '../sql/postgres-event-store.js';
import { commandEvents, uniqueStream } from './fixtures.js';

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
      expect(verifyChain(read)).toEqual({ ok: true });
      return { s, read };
    };

    it('reports an event whose data was changed', async () => {
      const { s, read } = await fourEvents();
      await store().sql.query(`UPDATE events SET data = jsonb_set(data, '{index}', '9') WHERE id = $1`, [
        read[1].id,
      ]);
      expect(verifyChain(await store().readStream(s))).toEqual({
        ok: false,
        revision: 1,
        eventId: read[1].id,
        reason: 'content does not match its hash',
      });
    });

    it('reports the successor of an event changed with its hash recomputed', async () => {
      const { s, read } = await fourEvents();
      const forged = { ...read[1], type: 'Forged' };
      const hash = hashEvent(forged.previousHash, forged);
      await store().sql.query(`UPDATE events SET type = 'Forged', hash = $2 WHERE id = $1`, [
        read[1].id,
        hash,
      ]);
      expect(verifyChain(await store().readStream(s))).toMatchObject({
        ok: false,
        revision: 2,
        eventId: read[2].id,
      });
    });

    it('reports the successor of a deleted event', async () => {
      const { s, read } = await fourEvents();
      await store().sql.query('DELETE FROM events WHERE id = $1', [read[1].id]);
      expect(verifyChain(await store().readStream(s))).toMatchObject({
        ok: false,
        revision: 2,
        eventId: read[2].id,
      });
    });

    it('reports events whose order was swapped', async () => {
      const { s, read } = await fourEvents();
      // Three steps, because (stream_id, revision) is unique after every row.
      const move = 'UPDATE events SET revision = $3 WHERE stream_id = $1 AND revision = $2';
      await store().sql.query(move, [s, 1, -1]);
      await store().sql.query(move, [s, 2, 1]);
      await store().sql.query(move, [s, -1, 2]);
      expect(verifyChain(await store().readStream(s))).toMatchObject({
        ok: false,
        revision: 1,
        eventId: read[2].id,
      });
    });
  });
};
