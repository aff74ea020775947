import { randomUUID } from 'node:crypto';
import { eventId, type EventStore, type NewEvent } from '#event-store';

const meta = (occurredAt: string, agency: string) => ({
  actor: { userId: 'u-test', role: 'drafter', agency },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
  schemaVersion: 1,
  occurredAt,
});

export interface AssignedOptions {
  readonly title?: string;
  readonly agency?: string;
  readonly kind?: 'committee_decision' | 'council_resolution';
  readonly plannedMonth?: string;
  readonly occurredAt?: string;
}

/** A DraftAssigned event for a new document (tests only). */
export function assigned(documentId: string, o: AssignedOptions = {}): NewEvent {
  const agency = o.agency ?? 'so-khcn';
  return {
    id: randomUUID(),
    type: 'DraftAssigned',
    data: {
      documentId,
      kind: o.kind ?? 'committee_decision',
      title: o.title ?? 'Quyết định về quản lý khoa học',
      agency,
      procedure: 'standard',
      origin: 'programme',
      year: 2019,
      plannedMonth: o.plannedMonth ?? '2019-06',
    },
    metadata: meta(o.occurredAt ?? '2019-01-07T02:00:00.000Z', agency),
  };
}

/** A later event of a document (tests only): DraftingStarted, or DraftRevised number `n`. */
export function revised(n: number, extra: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type: n === 0 ? 'DraftingStarted' : 'DraftRevised',
    data: n === 0 ? { ...extra } : { revision: n, summary: `Chỉnh lý lần ${n}`, ...extra },
    metadata: meta('2019-02-01T02:00:00.000Z', 'so-khcn'),
  };
}

/**
 * Appends domain events to a draft's stream as one command would (tests and benchmarks): ids
 * derived from a fresh command id, the command's business time, expected revision 'any'.
 */
export async function appendAsCommand(
  store: EventStore,
  documentId: string,
  events: readonly { type: string; data: unknown }[],
  at: Date = new Date(),
  actor = { userId: 'u-lead', role: 'drafting_lead', agency: 'so-khcn' },
): Promise<void> {
  const commandId = randomUUID();
  await store.append(
    `draft-${documentId}`,
    events.map((e, i) => ({
      id: eventId(commandId, i),
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: {
        actor,
        correlationId: commandId,
        causationId: commandId,
        commandId,
        schemaVersion: 1,
        occurredAt: at.toISOString(),
      },
    })),
    { expectedRevision: 'any' },
  );
}
