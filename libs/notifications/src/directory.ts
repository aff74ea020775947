// The user directory: who a user id is (name, e-mail, agency, roles). Events carry ids only, so
// personal data lives here and can be corrected or erased without rewriting history.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES, type Role } from '#drafting';
import type { SqlClient } from '#event-store';

export const directoryUserSchema = z.strictObject({
  id: z.string().min(1).max(128),
  displayName: z.string().min(1).max(200),
  email: z.email().max(254).optional(),
  agency: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES as [Role, ...Role[]])).min(1),
});
export type DirectoryUser = z.infer<typeof directoryUserSchema>;

/** A correction of a person's name or e-mail address (null removes the address). */
export const directoryCorrectionSchema = z
  .strictObject({
    displayName: directoryUserSchema.shape.displayName.optional(),
    email: z.email().max(254).nullable().optional(),
  })
  .refine((c) => c.displayName !== undefined || c.email !== undefined, {
    message: 'Give displayName or email',
  });
export type DirectoryCorrection = z.infer<typeof directoryCorrectionSchema>;

/**
 * A person as the directory holds them, erased or not: an erased person keeps the id (events
 * name it), agency and roles, and loses the name and e-mail address; they are disabled.
 */
export interface DirectoryEntry {
  readonly id: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly agency: string;
  readonly roles: Role[];
  readonly disabled: boolean;
  readonly erasedAt: string | null;
}

/** What a view shows for a person: their name, or that they were erased. */
export interface PersonName {
  readonly displayName: string | null;
  readonly erased: boolean;
}

/** An agency's webhook: deadline notices are POSTed there, signed with its secret. */
export const agencyWebhookSchema = z.strictObject({
  agency: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(16).max(256),
});
export type AgencyWebhook = z.infer<typeof agencyWebhookSchema>;

/** The seed file (USER_DIRECTORY_FILE). */
export const directoryFileSchema = z.strictObject({
  users: z.array(directoryUserSchema),
  webhooks: z.array(agencyWebhookSchema).default([]),
});
export type DirectoryFile = z.infer<typeof directoryFileSchema>;

export function readDirectoryFile(path: string): DirectoryFile {
  const parsed = directoryFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`USER_DIRECTORY_FILE ${path}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS user_directory (
     id text PRIMARY KEY,
     display_name text NOT NULL,
     email text,
     agency text NOT NULL,
     roles text[] NOT NULL
   )`,
  // Erasure (issue 12 item 8): the name and address go, the id stays; an erased person is disabled.
  `ALTER TABLE user_directory ALTER COLUMN display_name DROP NOT NULL`,
  `ALTER TABLE user_directory ADD COLUMN IF NOT EXISTS disabled boolean NOT NULL DEFAULT false`,
  `ALTER TABLE user_directory ADD COLUMN IF NOT EXISTS erased_at timestamptz`,
  `CREATE TABLE IF NOT EXISTS agency_webhooks (
     agency text PRIMARY KEY,
     url text NOT NULL,
     secret text NOT NULL
   )`,
];

type UserRow = {
  id: string;
  display_name: string | null;
  email: string | null;
  agency: string;
  roles: Role[] | string;
  disabled: boolean;
  erased_at: string | null;
};
const parseRoles = (r: Role[] | string): Role[] =>
  Array.isArray(r)
    ? r
    : (r
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as Role[]);
const toUser = (r: UserRow): DirectoryUser => ({
  id: r.id,
  displayName: r.display_name ?? '',
  ...(r.email !== null && { email: r.email }),
  agency: r.agency,
  roles: parseRoles(r.roles),
});
const toEntry = (r: UserRow): DirectoryEntry => ({
  id: r.id,
  displayName: r.display_name,
  email: r.email,
  agency: r.agency,
  roles: parseRoles(r.roles),
  disabled: r.disabled,
  erasedAt: r.erased_at,
});
const COLUMNS = `id, display_name, email, agency, roles, disabled,
  to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS erased_at`;
/** Who may act, be notified or mailed: not a disabled (or erased) person. */
const ACTIVE = 'NOT disabled';

/** The directory in the read-model database (seeded from a file in embedded mode). */
export class UserDirectory {
  constructor(private readonly sql: SqlClient) {}

  static readonly ddl = DDL;

  /** Every active person (a disabled or erased one is nobody's recipient). */
  async all(): Promise<DirectoryUser[]> {
    return (
      await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM user_directory WHERE ${ACTIVE} ORDER BY id`)
    ).map(toUser);
  }

  /** An active person: undefined for an unknown, disabled or erased one (who may not sign in). */
  async get(id: string): Promise<DirectoryUser | undefined> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${COLUMNS} FROM user_directory WHERE id = $1 AND ${ACTIVE}`,
      [id],
    );
    return rows[0] && toUser(rows[0]);
  }

  /** The person as the directory holds them, erased or not (the admin's view). */
  async entry(id: string): Promise<DirectoryEntry | undefined> {
    const rows = await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM user_directory WHERE id = $1`, [id]);
    return rows[0] && toEntry(rows[0]);
  }

  /** Names of the given ids for a view (an id the directory does not hold is absent). */
  async names(ids: readonly string[]): Promise<Map<string, PersonName>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; display_name: string | null; erased: boolean }>(
      'SELECT id, display_name, erased_at IS NOT NULL AS erased FROM user_directory WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((r) => [r.id, { displayName: r.erased ? null : r.display_name, erased: r.erased }]),
    );
  }

  /**
   * Creates or replaces a person; false, and nothing written, when the id was erased (an
   * erasure is final: a seed file or a PUT does not bring the name back).
   */
  async put(user: DirectoryUser): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO user_directory (id, display_name, email, agency, roles) VALUES ($1, $2, $3, $4, $5::text[])
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
         agency = EXCLUDED.agency, roles = EXCLUDED.roles
         WHERE user_directory.erased_at IS NULL
       RETURNING id`,
      [user.id, user.displayName, user.email ?? null, user.agency, user.roles],
    );
    return rows.length > 0;
  }

  /** Corrects a name or address; undefined when there is no such person or they were erased. */
  async correct(id: string, correction: DirectoryCorrection): Promise<DirectoryEntry | undefined> {
    const rows = await this.sql.query<UserRow>(
      `UPDATE user_directory SET
         display_name = CASE WHEN $2::boolean THEN $3 ELSE display_name END,
         email = CASE WHEN $4::boolean THEN $5 ELSE email END
       WHERE id = $1 AND erased_at IS NULL
       RETURNING ${COLUMNS}`,
      [
        id,
        correction.displayName !== undefined,
        correction.displayName ?? null,
        correction.email !== undefined,
        correction.email ?? null,
      ],
    );
    return rows[0] && toEntry(rows[0]);
  }

  /**
   * Erases a person: the id, agency and roles stay (events and views name the id), the name and
   * e-mail address are gone and the person is disabled. Erasing again changes nothing.
   */
  async erase(id: string, at: Date): Promise<DirectoryEntry | undefined> {
    const rows = await this.sql.query<UserRow>(
      `UPDATE user_directory SET display_name = NULL, email = NULL, disabled = true,
         erased_at = COALESCE(erased_at, $2::timestamptz)
       WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, at.toISOString()],
    );
    return rows[0] && toEntry(rows[0]);
  }

  async webhook(agency: string): Promise<AgencyWebhook | undefined> {
    const rows = await this.sql.query<AgencyWebhook>(
      'SELECT agency, url, secret FROM agency_webhooks WHERE agency = $1',
      [agency],
    );
    return rows[0];
  }

  /** The agencies among `agencies` that have a webhook, in one query. */
  async agenciesWithWebhook(agencies: readonly string[]): Promise<Set<string>> {
    if (agencies.length === 0) return new Set();
    const rows = await this.sql.query<{ agency: string }>(
      'SELECT agency FROM agency_webhooks WHERE agency = ANY($1::text[])',
      [[...new Set(agencies)]],
    );
    return new Set(rows.map((r) => r.agency));
  }

  async putWebhook(hook: AgencyWebhook): Promise<void> {
    await this.sql.query(
      `INSERT INTO agency_webhooks (agency, url, secret) VALUES ($1, $2, $3)
       ON CONFLICT (agency) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret`,
      [hook.agency, hook.url, hook.secret],
    );
  }

  async seed(file: DirectoryFile): Promise<void> {
    for (const user of file.users) await this.put(user);
    for (const hook of file.webhooks) await this.putWebhook(hook);
  }
}
