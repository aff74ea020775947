import { parseArgs } from 'node:util';
import { loadConfig } from '#config';
import { ROLES, type Role } from '#drafting';
import { signToken } from '../auth/token.service.js';

const USAGE = `Usage: npm run token -- --user <id> --agency <agency> --roles <role,role> [--name <name>] [--expires 8h]
Roles: ${ROLES.join(', ')}`;

/** Prints a bearer token for local use, signed with this installation's secret. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      agency: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.user || !values.agency || !values.roles) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const roles = values.roles.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length > 0) {
    console.error(`Unknown role(s): ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const token = await signToken(
    loadConfig(),
    { sub: values.user, name: values.name, agency: values.agency, roles },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
