import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_URL } from './machine.js';

/**
 * The machine's own limit: durable single-row INSERTs of a 500-byte JSON row with a unique
 * (stream, version), measured with pgbench exactly as PERFORMANCE.md describes.
 */
export function durableInsertBaseline(clients: number, seconds: number): number {
  const table = `bench_baseline_${process.pid}`;
  const psql = (sql: string) =>
    execFileSync('psql', [DATABASE_URL, '-qtAc', sql], { stdio: ['ignore', 'pipe', 'inherit'] });
  psql(
    `DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (stream text, version bigint, data jsonb, UNIQUE (stream, version))`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'draftline-bench-'));
  const script = join(dir, 'insert.sql');
  const payload = JSON.stringify({ title: 'x'.repeat(440), stage: 'drafting' });
  writeFileSync(
    script,
    `\\set v random(1, 2000000000)\nINSERT INTO ${table} VALUES ('s-' || :client_id || '-' || :v, :v, '${payload}') ON CONFLICT DO NOTHING;\n`,
  );
  try {
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        script,
        DATABASE_URL,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
    return Number(tps);
  } finally {
    psql(`DROP TABLE IF EXISTS ${table}`);
  }
}
