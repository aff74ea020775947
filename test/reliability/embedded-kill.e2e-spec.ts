// Issue 13 P10: the embedded store (PGlite) keeps its statements prepared and answers each in one
// trip into the engine; a commit acknowledged to the caller must still be there after the process
// is killed (SIGKILL, no shutdown). PGlite runs PostgreSQL with fsync off: a commit's WAL is
// written to the file (the operating system's cache) before it answers, not flushed to the disk,
// so this holds for a killed process, not for a machine losing power.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgliteClient } from '#event-store';

const CLIENT = fileURLToPath(
  new URL('../../dist/libs/event-store/src/sql/pglite-client.js', import.meta.url),
);

// Writes rows one by one, autocommitted and in two-statement transactions alternately, printing
// each id once its commit has answered; never stops on its own.
const writer = `
const { PgliteClient } = await import(process.env.CLIENT);
const db = await PgliteClient.open({ dataDir: process.env.DIR });
await db.query('CREATE TABLE acked (id int PRIMARY KEY, body jsonb NOT NULL)');
console.log('ready');
for (let id = 1; ; id++) {
  const body = { id, text: 'Dự thảo '.repeat(20) };
  if (id % 2) await db.query('INSERT INTO acked (id, body) VALUES ($1, $2)', [id, body]);
  else await db.transaction(async (tx) => {
    await tx.query('INSERT INTO acked (id, body) VALUES ($1, $2)', [id, body]);
    await tx.query('UPDATE acked SET body = body || $2 WHERE id = $1', [id, { updated: true }]);
  });
  console.log(id);
}
`;

it('keeps every commit it acknowledged when the process is killed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-embedded-kill-'));
  try {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer], {
      env: { ...process.env, CLIENT, DIR: join(dir, 'events') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = 0;
    let buffered = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the writer exited with ${code} after ${acked}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (/^\d+$/.test(line)) acked = Number(line);
        if (acked >= 300) {
          // Killed in the middle of its writing: the commits after `acked` may be there or not.
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;
    const db = await PgliteClient.open({ dataDir: join(dir, 'events') });
    try {
      const rows = await db.query<{ id: number; updated: boolean | null }>(
        "SELECT id, (body->>'updated')::boolean AS updated FROM acked WHERE id <= $1 ORDER BY id",
        [acked],
      );
      expect(rows.length).toBe(acked);
      expect(rows.every((r, i) => r.id === i + 1 && (r.id % 2 === 0) === (r.updated === true))).toBe(true);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
