import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { localDate, STAGE_LABELS, type Stage } from '#drafting';
import { READ_MODELS, type ReadModels } from '#projections';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { readModelsOrUnavailable } from './consistency.js';
import { buildListQuery, encodeCursor, type ListFilters } from './list-documents.sql.js';

export interface DocumentSummary {
  readonly id: string;
  readonly kind: string;
  readonly agency: string;
  readonly title: string;
  readonly stage: string;
  readonly stageLabel: { vi: string; en: string };
  readonly procedure: string;
  readonly origin: string;
  /** The legal regime fixed at assignment (moved by ChangeRegime). */
  readonly regime: string;
  readonly year: number;
  readonly plannedMonth: string | null;
  readonly dates: Record<string, string | null>;
  readonly revision: number;
  readonly position: string;
  readonly updatedAt: string;
}

export interface DocumentPage {
  readonly items: DocumentSummary[];
  /** Pass it as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export class ListDocumentsQuery extends Query<DocumentPage> {
  constructor(
    readonly filters: ListFilters,
    readonly actor: Principal,
  ) {
    super();
  }
}

type Row = Record<string, string | number | null> & { id: string; sort_key: string; stage: Stage };

/** One page of the documents the caller may see, from the document_status read model. */
@QueryHandler(ListDocumentsQuery)
export class ListDocumentsHandler implements IQueryHandler<ListDocumentsQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels | null,
    private readonly clock: Clock,
  ) {}

  async execute({ filters, actor }: ListDocumentsQuery): Promise<DocumentPage> {
    const month = localDate(this.clock.now().toISOString()).slice(0, 7);
    const { text, params } = buildListQuery(filters, actor, month);
    const rows = await readModelsOrUnavailable(this.readModels).sql.query<Row>(text, params);
    const page = rows.slice(0, filters.limit);
    const last = page[page.length - 1];
    const more = rows.length > filters.limit && last !== undefined;
    return {
      items: page.map(toSummary),
      nextCursor: more ? encodeCursor({ sort: filters.sort, key: last.sort_key, id: last.id }) : null,
    };
  }
}

const toSummary = (r: Row): DocumentSummary => ({
  id: r.id,
  kind: String(r.kind),
  agency: String(r.agency),
  title: String(r.title),
  stage: r.stage,
  stageLabel: STAGE_LABELS[r.stage],
  procedure: String(r.procedure),
  origin: String(r.origin),
  regime: String(r.regime),
  year: Number(r.year),
  plannedMonth: (r.planned_month as string | null) ?? null,
  dates: {
    assignedOn: r.assigned_on as string | null,
    submittedOn: r.submitted_on as string | null,
    adoptedOn: r.adopted_on as string | null,
    signingDate: r.signing_date as string | null,
    effectiveDate: r.effective_date as string | null,
    publishedOn: r.published_on as string | null,
  },
  revision: Number(r.revision),
  position: `${r.last_commit}-${r.last_prepare}`,
  updatedAt: String(r.updated_at),
});
