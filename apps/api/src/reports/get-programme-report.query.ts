import { Inject, Optional } from '@nestjs/common';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  occurredAtOf,
  comparePositions,
  EVENT_STORE,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '#event-store';
import {
  emptyReportState,
  isKnownAgency,
  programmeReport,
  reportFold,
  type ProgrammeReport,
  type ReportEvent,
  type ReportQuery,
  type ReportState,
} from '#reporting';
import { ProblemException } from '../http/problem.js';

const PAGE = 500;
/** How long a report waits for `consistentWith` before answering 503. */
const CATCH_UP_MS = 5_000;
const POLL_MS = 25;

export class GetProgrammeReportQuery extends Query<ProgrammeReport> {
  constructor(
    readonly query: ReportQuery,
    readonly consistentWith?: Position,
    /** The asker's own agency: known to the asker even before its first document. */
    readonly askerAgency?: string,
  ) {
    super();
  }
}

/** 404: no document, review or register entry names the agency, nor does the user directory. */
export const unknownAgency = (agency: string) =>
  new ProblemException(404, 'REPORT.UNKNOWN_AGENCY', 'Unknown agency', {
    detail: `No document, review, register entry or user of the directory belongs to the agency "${agency}"`,
  });

/** The store's event as the report fold reads it; events recorded before occurredAt existed use recordedAt. */
export const toReportEvent = (e: RecordedEvent): ReportEvent => ({
  streamId: e.streamId,
  type: e.type,
  data: e.data,
  metadata: {
    occurredAt: occurredAtOf(e),
    actor: e.metadata.actor,
  },
});

/**
 * Folds the whole log in global order, page by page, and reads the report off it. The
 * projection runner will keep the same fold in a read model for "now"; `asOf` needs the history
 * the fold keeps, so either way the figures come from the same code.
 *
 * The global read never passes a transaction still open anywhere in the database, so a write
 * just answered may not be readable yet: given `consistentWith`, the fold keeps reading until it
 * has passed that position, for a bounded time.
 */
@QueryHandler(GetProgrammeReportQuery)
export class GetProgrammeReportHandler implements IQueryHandler<GetProgrammeReportQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(DEADLINES) private readonly reads: DeadlineReads | null = null,
  ) {}

  async execute({ query, consistentWith, askerAgency }: GetProgrammeReportQuery): Promise<ProgrammeReport> {
    const state = emptyReportState();
    const deadline = Date.now() + CATCH_UP_MS;
    let last = await this.foldFrom(state, undefined);
    while (consistentWith && (!last || comparePositions(last, consistentWith) < 0)) {
      if (Date.now() > deadline)
        throw new ProblemException(
          503,
          'REPORT.NOT_CAUGHT_UP',
          'The report has not caught up with that position yet',
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      last = (await this.foldFrom(state, last)) ?? last;
    }
    const { agency } = query;
    if (agency !== askerAgency && !isKnownAgency(state, agency) && !(await this.inDirectory(agency)))
      throw unknownAgency(agency);
    return programmeReport(state, query);
  }

  /** Asked only when the log does not name the agency; the directory holds a province's officers. */
  private async inDirectory(agency: string): Promise<boolean> {
    const users = (await this.reads?.directory.all()) ?? [];
    return users.some((u) => u.agency === agency);
  }

  /** Folds every event after `after` into `state`; returns the last position read, if any. */
  private async foldFrom(state: ReportState, after: Position | undefined): Promise<Position | undefined> {
    let last: Position | undefined;
    for (;;) {
      const page = await this.store.readAll({ after: last ?? after, limit: PAGE });
      for (const e of page) reportFold(state, toReportEvent(e));
      if (page.length > 0) last = page[page.length - 1].position;
      if (page.length < PAGE) return last;
    }
  }
}
