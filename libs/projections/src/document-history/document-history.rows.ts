import type { RecordedEvent } from '#event-store';
import { documentStreamOf, occurredAt } from '../domain-event.js';

/** One document_history row: who did what, when and why, for audit. */
export interface HistoryRow {
  readonly eventId: string;
  readonly documentId: string;
  /** `draft` for what people did, `deadline` for what the deadline worker recorded. */
  readonly stream: 'draft' | 'deadline';
  /** The event's revision in its own stream. */
  readonly revision: number;
  readonly type: string;
  readonly actorUser: string | null;
  readonly actorRole: string | null;
  readonly actorAgency: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly reason: string | null;
  /** The fields the event sets (the keys of its data), sorted. */
  readonly changed: readonly string[];
  readonly commit: string;
  readonly prepare: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The history row of one event of a document's streams; undefined for other streams. */
export function historyRowOf(event: RecordedEvent): HistoryRow | undefined {
  const of = documentStreamOf(event.streamId);
  if (of === undefined) return undefined;
  const { documentId, stream } = of;
  const actor = event.metadata.actor as Partial<RecordedEvent['metadata']['actor']> | undefined;
  return {
    eventId: event.id,
    documentId,
    stream,
    revision: event.revision,
    type: event.type,
    actorUser: text(actor?.userId),
    actorRole: text(actor?.role),
    actorAgency: text(actor?.agency),
    occurredAt: occurredAt(event),
    recordedAt: event.recordedAt,
    reason: text(event.data.reason) ?? text(event.data.summary),
    changed: Object.keys(event.data).sort(),
    commit: event.position.commit.toString(),
    prepare: event.position.prepare.toString(),
  };
}
