import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

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
  /** Whether the goal is met; undefined for a row that only informs (no goal of its own). */
  readonly met?: boolean;
  /** The figures as numbers, for `--json`: the measured value, its unit and the baseline's. */
  readonly value?: number;
  readonly unit?: string;
  readonly baselineValue?: number;
  /** Each round's figure beside its baseline, where the run alternates them. */
  readonly rounds?: ReadonlyArray<{ value: number; baseline: number }>;
  readonly notes?: string;
}

const metText = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'not met');

export function printTable(rows: readonly Row[]): void {
  const header = ['#', 'measure', 'figure', 'baseline (same run)', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [r.id, r.measure, r.figure, r.baseline, r.ratio, r.goal, metText(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

/** The machine line's parts, for `--json`. */
export function machineInfo() {
  return {
    cores: cpus().length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    postgres: run('psql', [DATABASE_URL, '-tAc', 'SHOW server_version']),
    redis: run('redis-server', ['--version']).match(/v=(\S+)/)?.[1] ?? 'unavailable',
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** The machine's load when the run began and ended (it is shared: say how busy it was). */
export const loadLine = () =>
  `load average: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
