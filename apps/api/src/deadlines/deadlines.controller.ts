import { Controller, Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { dueIn, type Clock as DeadlineClock } from '#deadlines';
import { localDate } from '#drafting';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { GetDocumentQuery } from '../documents/get-document.query.js';
import { parseDocumentId } from '../http/request-headers.js';
import { ProblemException } from '../http/problem.js';

export interface DeadlineView {
  readonly clockId: string;
  readonly name: string;
  readonly status: DeadlineClock['status'];
  readonly dueDate: string;
  readonly dueAt: string;
  /** Open clocks only: whole days to the due date, or past it. */
  readonly dueIn?: { days: number; overdue: boolean; text: string };
  readonly reminders: DeadlineClock['reminders'];
  readonly escalation?: DeadlineClock['escalation'];
  /** The dates were counted without holiday data for a year (weekends only) and may still move. */
  readonly provisional?: true;
}

/** "còn 3 ngày" / "hạn hôm nay" / "quá hạn 2 ngày". */
const dueText = ({ days, overdue }: { days: number; overdue: boolean }) =>
  overdue ? `quá hạn ${days} ngày` : days === 0 ? 'hạn hôm nay' : `còn ${days} ngày`;

export function deadlineView(clock: DeadlineClock, today: string): DeadlineView {
  const due = clock.status === 'open' ? dueIn(clock, today) : undefined;
  return {
    clockId: clock.clockId,
    name: clock.name,
    status: clock.status,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    ...(due && { dueIn: { ...due, text: dueText(due) } }),
    reminders: clock.reminders,
    ...(clock.escalation && { escalation: clock.escalation }),
    ...(clock.provisional && { provisional: true as const }),
  };
}

/** The clocks of a document, from the deadlines read model, for whoever may see the document. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DeadlinesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    @Inject(DEADLINES) private readonly deadlines: DeadlineReads | null,
  ) {}

  @Get(':id/deadlines')
  async list(
    @Param('id') raw: string,
    @CurrentUser() actor: Principal,
  ): Promise<{ deadlines: DeadlineView[] }> {
    const id = parseDocumentId(raw);
    await this.queries.execute(new GetDocumentQuery(id, actor)); // 404 when missing or not theirs
    if (!this.deadlines) throw new ProblemException(503, 'DEADLINES.UNAVAILABLE', 'No read-model database');
    const today = localDate(this.clock.now().toISOString());
    const clocks = await this.deadlines.clocksOf(id);
    return { deadlines: clocks.map((c) => deadlineView(c, today)) };
  }
}
