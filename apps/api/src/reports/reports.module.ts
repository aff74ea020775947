import { Module } from '@nestjs/common';
import { GetProgrammeReportHandler } from './get-programme-report.query.js';
import { ReportsController } from './reports.controller.js';

/** The programme report an administrative-reform inspection asks for (lifecycle.md, "Report"). */
@Module({
  controllers: [ReportsController],
  providers: [GetProgrammeReportHandler],
})
export class ReportsModule {}
