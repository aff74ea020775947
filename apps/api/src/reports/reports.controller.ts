import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { mayReadReport, programmeReportCsv, type ProgrammeReport } from '#reporting';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { ProblemException } from '../http/problem.js';
import { validate } from '../http/validate.js';
import { GetProgrammeReportQuery } from './get-programme-report.query.js';
import { reportQuerySchema } from './report-query.schema.js';

// Documented in reports/openapi.ts.
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  /** JSON by default; `Accept: text/csv` gives the spreadsheet. */
  @Get('programme')
  @ApiExcludeEndpoint()
  async programme(
    @Query() params: unknown,
    @CurrentUser() actor: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProgrammeReport | string> {
    const { agency, year, asOf, consistentWith } = validate(reportQuerySchema, params, 'query');
    if (!mayReadReport(actor, agency))
      throw new ProblemException(403, 'REPORT.FORBIDDEN', 'Your roles may not read this report', {
        detail: `Inspectors and the committee office read every agency's report; drafters and leads only their own agency's, not "${agency}"`,
      });
    const report = await this.queries.execute(
      new GetProgrammeReportQuery(
        { agency, year, asOf: asOf ?? this.clock.now().toISOString() },
        consistentWith,
        actor.agency,
      ),
    );
    res.setHeader('Vary', 'Accept');
    if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') return report;
    const day = report.asOfDate;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="programme-report-${agency}-${year}-${day}.csv"`,
    );
    return programmeReportCsv(report);
  }
}
