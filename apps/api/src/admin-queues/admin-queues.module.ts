import { Module } from '@nestjs/common';
import { AdminSessionController } from './admin-session.controller.js';
import { DashboardSessions } from './dashboard-sessions.js';
import { QueueDashboard } from './queue-dashboard.js';

/**
 * The admin-only queue dashboard: Bull Board at /admin/queues (mounted by bootstrap.ts as Express
 * middleware, see QueueDashboard) and POST /admin/session, which lets a browser carry the token.
 */
@Module({
  controllers: [AdminSessionController],
  providers: [QueueDashboard, DashboardSessions],
  exports: [QueueDashboard],
})
export class AdminQueuesModule {}
