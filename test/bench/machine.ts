import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unavailable';
  }
};

/** The machine line every benchmark prints beside its figures. */
export function machine(): string {
  const pg = run('psql', [DATABASE_URL, '-tAc', 'SHOW server_version']);
  const redis = run('redis-server', ['--version']).match(/v=(\S+)/)?.[1] ?? 'unavailable';
  return `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; PostgreSQL ${pg}; Redis ${redis}`;
}

/** Percentile of a sorted copy of the samples (milliseconds). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface Row {
  readonly id: string;
  readonly measure: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
}

export function printTable(rows: readonly Row[]): void {
  const header = ['#', 'measure', 'figure', 'baseline (same run)', 'ratio', 'goal'];
  const cells = rows.map((r) => [r.id, r.measure, r.figure, r.baseline, r.ratio, r.goal]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
