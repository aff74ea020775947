import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, DocumentNotFound, type Draft } from '#drafting';
import { READ_MODELS, type ReadModels } from '#projections';
import type { Principal } from '../auth/principal.js';
import { readModelsOrUnavailable } from './consistency.js';

export interface HistoryEntry {
  /** `draft` for what people did (its revision is the document's), `deadline` for the worker's records. */
  readonly stream: 'draft' | 'deadline';
  /** The revision in the entry's own stream. */
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly actor: { userId: string | null; role: string | null; agency: string | null };
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly reason: string | null;
  readonly changed: string[];
  readonly position: string;
}

export interface DocumentHistory {
  readonly documentId: string;
  readonly events: HistoryEntry[];
}

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
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels | null) {}

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
    return {
      documentId,
      events: rows.map(({ actor_user, actor_role, actor_agency, ...r }) => ({
        ...r,
        revision: Number(r.revision),
        actor: { userId: actor_user, role: actor_role, agency: actor_agency },
      })),
    };
  }
}
