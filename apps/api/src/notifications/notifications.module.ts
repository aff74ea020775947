import { Module } from '@nestjs/common';
import { AdminUsersController, NotificationsController } from './notifications.controller.js';

/** The in-app inbox (GET /me/notifications) and the user directory's admin routes. */
@Module({ controllers: [NotificationsController, AdminUsersController] })
export class NotificationsHttpModule {}
