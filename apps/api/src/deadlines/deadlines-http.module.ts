import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';

/** GET /documents/{id}/deadlines: "due in N days" / "overdue by N days" per clock. */
@Module({ controllers: [DeadlinesController] })
export class DeadlinesHttpModule {}
