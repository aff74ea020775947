import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import { canSee, DocumentNotFound, type Draft, type Label } from '#drafting';
import type { LastSealed, SealIndex } from '#event-store';
import type { PersonName } from '#notifications';
import { READ_MODELS, type ReadModels } from '#projections';
import { SEAL_INDEX } from '../audit/audit.module.js';
import type { Principal } from '../auth/principal.js';
import { draftStream } from '../documents/draft-stream.js';
import { readModelsOrUnavailable } from './consistency.js';

export interface HistoryEntry {
  /** `draft` for what people did (its revision is the document's), `deadline` for the worker's records. */
  readonly stream: 'draft' | 'deadline';
  /** The revision in the entry's own stream. */
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly actor: {
    userId: string | null;
    role: string | null;
    agency: string | null;
    /** The person's name from the directory; for an erased person, FORMER_OFFICER; null: not in it. */
    name: Label | null;
    /** The directory erased this person (the id stays, the name is gone). */
    erased: boolean;
  };
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly reason: string | null;
  readonly changed: string[];
  readonly position: string;
}

export interface DocumentHistory {
  readonly documentId: string;
  readonly events: HistoryEntry[];
  /** The newest seal and the document's revision it covers; null: never sealed. */
  readonly lastSealed: LastSealed | null;
}

/** What a view shows for a person the directory erased. */
export const FORMER_OFFICER: Label = { vi: 'Cán bộ đã nghỉ', en: 'A former officer' };

const nameOf = (person: PersonName | undefined): Label | null =>
  person?.erased
    ? FORMER_OFFICER
    : person?.displayName
      ? { vi: person.displayName, en: person.displayName }
      : null;

export class DocumentHistoryQuery extends Query<DocumentHistory> {
  constructor(
    readonly documentId: string,
    readonly actor: Principal,
  ) {
    super();
  }
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type Row = Omit<HistoryEntry, 'actor'> & { actor_user: string; actor_role: string; actor_agency: string };

/** Every event of one document, who, when, what and why; 404 unless the caller may see it. */
@QueryHandler(DocumentHistoryQuery)
export class DocumentHistoryHandler implements IQueryHandler<DocumentHistoryQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    @Inject(DEADLINES) private readonly directory: DeadlineReads | null,
    @Inject(SEAL_INDEX) private readonly seals: SealIndex,
  ) {}

  async execute({ documentId, actor }: DocumentHistoryQuery): Promise<DocumentHistory> {
    const sql = readModelsOrUnavailable(this.readModels).sql;
    const [doc] = await sql.query<{ state: Draft }>('SELECT state FROM document_status WHERE id = $1::uuid', [
      documentId,
    ]);
    if (!doc || !canSee(doc.state, actor)) throw new DocumentNotFound(documentId);
    const rows = await sql.query<Row>(
      `SELECT stream, revision, event_id::text AS "eventId", type, actor_user, actor_role, actor_agency,
              ${iso('occurred_at')} AS "occurredAt", ${iso('recorded_at')} AS "recordedAt", reason, changed,
              commit::text || '-' || prepare::text AS position
         FROM document_history WHERE document_id = $1::uuid ORDER BY commit, prepare`,
      [documentId],
    );
    const ids = [...new Set(rows.map((r) => r.actor_user).filter((id) => id !== null))];
    const [names, sealed] = await Promise.all([
      this.directory ? this.directory.directory.names(ids) : new Map<string, PersonName>(),
      this.seals.lastSealed(draftStream(documentId)),
    ]);
    return {
      documentId,
      events: rows.map(({ actor_user, actor_role, actor_agency, ...r }) => {
        const person = actor_user === null ? undefined : names.get(actor_user);
        return {
          ...r,
          revision: Number(r.revision),
          actor: {
            userId: actor_user,
            role: actor_role,
            agency: actor_agency,
            name: nameOf(person),
            erased: person?.erased ?? false,
          },
        };
      }),
      lastSealed: sealed && {
        sequence: sealed.sequence,
        sealedAt: sealed.sealedAt,
        revision: sealed.revision,
      },
    };
  }
}
