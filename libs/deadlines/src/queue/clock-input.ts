// A recorded event of a document's streams as the clock logic reads it. The clocks fold two
// streams: the draft's (what people did) and the document's deadline stream (what the worker
// recorded), each with its own revisions.
import { comparePositions, occurredAtOf, type RecordedEvent } from '#event-store';
import type { ClockInput } from '../clock.evolve.js';

const DOCUMENT_STREAM = /^(draft|deadline)-([0-9a-f-]{36})$/;

/** The clock input of an event of `draft-<id>` or `deadline-<id>`; undefined for other streams. */
export function clockInputOf(e: RecordedEvent): ClockInput | undefined {
  const match = DOCUMENT_STREAM.exec(e.streamId);
  if (match === null) return undefined;
  return {
    type: e.type,
    data: e.data,
    occurredAt: occurredAtOf(e),
    documentId: match[2],
    revision: e.revision,
    stream: match[1] as 'draft' | 'deadline',
  } as ClockInput;
}

/** The events of several streams in one list, in global order (the order a projection sees). */
export const inGlobalOrder = (...streams: (readonly RecordedEvent[])[]): RecordedEvent[] =>
  streams.flat().sort((a, b) => comparePositions(a.position, b.position));
