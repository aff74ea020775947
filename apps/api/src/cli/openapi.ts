// `npm run openapi`: writes the contract (apps/api/openapi.json) and the typed client's types
// (libs/api-client/src/schema.ts) from the zod schemas the routes validate with.
// `npm run openapi -- --check`: writes nothing; exits 1 naming the files that differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFiles } from '../openapi-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const check = process.argv.includes('--check');
const files = await contractFiles(root);
const stale: string[] = [];
for (const [path, text] of Object.entries(files)) {
  const full = resolve(root, path);
  let current: string | undefined;
  try {
    current = readFileSync(full, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) stale.push(path);
  else {
    writeFileSync(full, text);
    console.log(`wrote ${path}`);
  }
}
if (stale.length > 0) {
  console.error(
    `The HTTP contract changed: ${stale.join(', ')} ${stale.length > 1 ? 'differ' : 'differs'} from what the routes describe. Run \`npm run openapi\` and commit the result.`,
  );
  process.exit(1);
}
if (check) console.log('openapi.json and the typed client match the routes');
