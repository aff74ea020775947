import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DEADLINES, type DeadlineReads } from '#deadlines/hosting';
import {
  decodeInboxCursor,
  encodeInboxCursor,
  directoryCorrectionSchema,
  directoryUserSchema,
  type DirectoryEntry,
  type NotificationRow,
} from '#notifications';
import { CurrentUser } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { ProblemException } from '../http/problem.js';
import { validate } from '../http/validate.js';

const NOTIFICATION_ID = /^[1-9][0-9]{0,17}$/;
/** Largest page; a bigger `limit` is a 400 naming it, as for GET /documents. */
export const MAX_INBOX_LIMIT = 200;

export const inboxQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_INBOX_LIMIT).default(50),
  cursor: z.string().max(500).optional(),
});
const USER_ID = /^[A-Za-z0-9._@-]{1,128}$/;

function runtimeOf(runtime: DeadlineReads | null): DeadlineReads {
  if (!runtime) throw new ProblemException(503, 'NOTIFICATIONS.UNAVAILABLE', 'No read-model database');
  return runtime;
}

/** The caller's in-app inbox. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(
    @Inject(DEADLINES) private readonly runtime: DeadlineReads | null,
    private readonly clock: Clock,
  ) {}

  /** Newest first, a page at a time: `nextCursor` (null on the last page) asks for the next. */
  @Get()
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `1–${MAX_INBOX_LIMIT}, default 50` })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  async list(
    @Query() query: unknown,
    @CurrentUser() actor: Principal,
  ): Promise<{ notifications: NotificationRow[]; nextCursor: string | null }> {
    const { limit, cursor: text } = validate(inboxQuerySchema, query, 'query');
    const after = text === undefined ? undefined : decodeInboxCursor(text);
    if (text !== undefined && !after)
      throw new ProblemException(400, 'NOTIFICATIONS.BAD_CURSOR', 'cursor is not one this inbox made');
    const page = await runtimeOf(this.runtime).inbox.page(actor.userId, limit, after);
    return { notifications: page.notifications, nextCursor: page.next ? encodeInboxCursor(page.next) : null };
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@Param('id') id: string, @CurrentUser() actor: Principal): Promise<void> {
    if (!NOTIFICATION_ID.test(id))
      throw new ProblemException(400, 'HTTP.BAD_ID', 'Malformed notification id');
    const done = await runtimeOf(this.runtime).inbox.markRead(
      actor.userId,
      id,
      this.clock.now().toISOString(),
    );
    if (!done) throw new ProblemException(404, 'NOTIFICATIONS.NOT_FOUND', 'No such notification');
  }
}

/**
 * The user directory: names, e-mail addresses, agencies and roles, kept by an admin. Events carry
 * ids only, so a person is corrected (PATCH) or erased (POST .../erase) here and history still
 * reads: an erased person keeps the id and is shown as a former officer.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    @Inject(DEADLINES) private readonly runtime: DeadlineReads | null,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string, @CurrentUser() actor: Principal): Promise<DirectoryEntry> {
    const user = await runtimeOf(this.runtime).directory.entry(checked(id, actor));
    if (!user) throw notFound();
    return user;
  }

  @Put(':id')
  async put(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
  ): Promise<DirectoryEntry> {
    const user = validate(directoryUserSchema.omit({ id: true }), body);
    const { directory } = runtimeOf(this.runtime);
    const userId = checked(id, actor);
    if (!(await directory.put({ id: userId, ...user }))) throw erased();
    return (await directory.entry(userId))!;
  }

  /** Corrects the name or e-mail address (email: null removes it). */
  @Patch(':id')
  async correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() actor: Principal,
  ): Promise<DirectoryEntry> {
    const correction = validate(directoryCorrectionSchema, body);
    const { directory } = runtimeOf(this.runtime);
    const userId = checked(id, actor);
    const corrected = await directory.correct(userId, correction);
    if (corrected) return corrected;
    throw (await directory.entry(userId)) ? erased() : notFound();
  }

  /** Erases the name and e-mail address, keeps the id, disables the person; again: the same answer. */
  @Post(':id/erase')
  @HttpCode(200)
  async erase(@Param('id') id: string, @CurrentUser() actor: Principal): Promise<DirectoryEntry> {
    const done = await runtimeOf(this.runtime).directory.erase(checked(id, actor), this.clock.now());
    if (!done) throw notFound();
    return done;
  }
}

const notFound = () => new ProblemException(404, 'USERS.NOT_FOUND', 'No such user');
const erased = () =>
  new ProblemException(
    409,
    'USERS.ERASED',
    'This person was erased: the id stays, the name does not come back',
  );

function checked(id: string, actor: Principal): string {
  if (!actor.roles.includes('admin'))
    throw new ProblemException(403, 'DRAFT.FORBIDDEN', 'Only an admin may manage users');
  if (!USER_ID.test(id)) throw new ProblemException(400, 'HTTP.BAD_ID', 'Malformed user id');
  return id;
}
