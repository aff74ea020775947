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
  `CREATE TABLE IF NOT EXISTS agency_webhooks (
     agency text PRIMARY KEY,
     url text NOT NULL,
     secret text NOT NULL
   )`,
];

type UserRow = {
  id: string;
  display_name: string;
  email: string | null;
  agency: string;
  roles: Role[] | string;
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
  displayName: r.display_name,
  ...(r.email !== null && { email: r.email }),
  agency: r.agency,
  roles: parseRoles(r.roles),
});

/** The directory in the read-model database (seeded from a file in embedded mode). */
export class UserDirectory {
  constructor(private readonly sql: SqlClient) {}

  static readonly ddl = DDL;

  async all(): Promise<DirectoryUser[]> {
    return (await this.sql.query<UserRow>('SELECT * FROM user_directory ORDER BY id')).map(toUser);
  }

  async get(id: string): Promise<DirectoryUser | undefined> {
    const rows = await this.sql.query<UserRow>('SELECT * FROM user_directory WHERE id = $1', [id]);
    return rows[0] && toUser(rows[0]);
  }

  async put(user: DirectoryUser): Promise<void> {
    await this.sql.query(
      `INSERT INTO user_directory (id, display_name, email, agency, roles) VALUES ($1, $2, $3, $4, $5::text[])
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
         agency = EXCLUDED.agency, roles = EXCLUDED.roles`,
      [user.id, user.displayName, user.email ?? null, user.agency, user.roles],
    );
  }

  async webhook(agency: string): Promise<AgencyWebhook | undefined> {
    const rows = await this.sql.query<AgencyWebhook>(
      'SELECT agency, url, secret FROM agency_webhooks WHERE agency = $1',
      [agency],
    );
    return rows[0];
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
