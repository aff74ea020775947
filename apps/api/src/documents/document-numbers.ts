import { Inject, Injectable } from '@nestjs/common';
import {
  emptyRegistry,
  evolveRegistry,
  kindOfSuffix,
  numberRegistryStream,
  parseDocumentNumber,
  proposeNextNumber,
  reserveNumber,
  type DocumentKind,
  type DraftEvent,
  type NumberRegistry,
  type NumberRegistryEvent,
} from '#drafting';
import { ConcurrencyError, domainEventOf, EVENT_STORE, eventId, type EventStore } from '#event-store';
import { idempotencyKeyReused } from '../store/aggregate.repository.js';

const ATTEMPTS = 5;

/**
 * Art 10(3)(c) of the 2015 law: a document number is never used twice. Numbers are reserved in one registry stream per
 * issuer and year before the document's `Issued` event is appended; the registry's expected
 * revision makes two documents racing for one number impossible. A reservation whose document
 * append then fails stays with that document, which may retry with the same number.
 */
@Injectable()
export class DocumentNumbers {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async reserveFor(documentId: string, events: readonly DraftEvent[], commandId: string): Promise<void> {
    const issued = events.find((e) => e.type === 'Issued');
    if (!issued) return;
    const number = (issued.data as { documentNumber: string }).documentNumber;
    const parsed = parseDocumentNumber(number);
    if (!parsed) return; // the domain already refused a malformed number
    const kind: DocumentKind = kindOfSuffix(parsed.suffix);
    const stream = numberRegistryStream(kind, parsed.year);
    for (let attempt = 1; ; attempt++) {
      const { registry, revision } = await this.load(stream);
      const reserved = reserveNumber(registry, number, documentId);
      if (reserved.length === 0) return;
      try {
        const result = await this.store.append(
          stream,
          reserved.map((e, i) => ({
            id: eventId(`${commandId}/number`, i),
            type: e.type,
            data: e.data,
            metadata: {
              actor: { userId: 'system', role: 'system', agency: 'system' },
              correlationId: commandId,
              causationId: commandId,
              commandId,
              schemaVersion: e.schemaVersion,
            },
          })),
          { expectedRevision: revision },
        );
        if (result.repeated) await this.checkRepeat(stream, commandId, reserved);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The reservation's ids derive from the command's id, so a request racing another with the
   * same Idempotency-Key finds the first one's reservation stored under its own ids. A different
   * number there means a different body: 422 before this request's document append, so it never
   * issues a number it did not reserve and leaves none reserved behind.
   */
  private async checkRepeat(stream: string, commandId: string, reserved: readonly NumberRegistryEvent[]) {
    const stored = (await this.store.readStream(stream))
      .filter((e) => e.metadata.commandId === commandId)
      .map((e) => domainEventOf<NumberRegistryEvent>(e).data.number);
    const wanted = reserved.map((e) => e.data.number);
    if (stored.join('\n') !== wanted.join('\n')) throw idempotencyKeyReused();
  }

  /** The next free number for an issuer and year (the engine proposes; people decide). */
  async propose(kind: DocumentKind, year: number): Promise<string> {
    const { registry } = await this.load(numberRegistryStream(kind, year));
    return proposeNextNumber(registry, kind, year);
  }

  private async load(stream: string): Promise<{ registry: NumberRegistry; revision: number | 'no-stream' }> {
    const events = await this.store.readStream(stream);
    const registry = events
      .map((e) => domainEventOf<NumberRegistryEvent>(e))
      .reduce(evolveRegistry, emptyRegistry);
    return { registry, revision: events.length === 0 ? 'no-stream' : events.length - 1 };
  }
}
