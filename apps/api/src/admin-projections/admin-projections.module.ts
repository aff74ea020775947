import { Module } from '@nestjs/common';
import { AdminProjectionsController } from './admin-projections.controller.js';

/** Admin routes for the read side: parked events (list, replay, skip). */
@Module({ controllers: [AdminProjectionsController] })
export class AdminProjectionsModule {}
