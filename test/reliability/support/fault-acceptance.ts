// What issue 8's "Done when" asks of every fault run, beyond server-mode.ts's checks: readiness
// seen ready before the fault, not ready during it and ready again after (the api's
// /health/ready, sampled with bounded polling); every due reminder delivered once (its event
// recorded once, one inbox row per recipient, the agency's webhook called once); and the figures
// of the run (commands sent, ok, failed, unknown, lost, duplicated; reminders due, delivered,
// duplicated).
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresEventStore, SqlClient } from '#event-store';
import type { CommandRecord } from './command-load.js';
import { sleep } from './processes.js';
import { checkAfterFaults } from './server-mode.js';

/**
 * Readiness bounds for the api of a fault run: lag of a couple of seconds is not ready (a stopped
 * worker, a held transaction), Redis must answer within half a second.
 */
export const FAULT_READINESS_ENV = {
  READY_MAX_PROJECTION_LAG_MS: '2000',
  READY_MAX_EVENTS_BEHIND: '1000',
  READY_REDIS_TIMEOUT_MS: '500',
};

// ---------------------------------------------------------------------------------------------
// Readiness

export interface ReadinessSample {
  /** HTTP status, or 0 when there was no answer within the timeout. */
  readonly status: number;
  readonly reasons: readonly string[];
  readonly body: string;
  readonly at: number;
}

export async function readiness(apiUrl: string): Promise<ReadinessSample> {
  const at = Date.now();
  try {
    const res = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
    const body = await res.text();
    let reasons: string[] = [];
    try {
      const parsed = JSON.parse(body) as { reasons?: unknown };
      if (Array.isArray(parsed.reasons)) reasons = parsed.reasons.map(String);
    } catch {
      // not JSON: the body is kept as it is
    }
    return { status: res.status, reasons, body: body.slice(0, 2000), at };
  } catch (error) {
    return { status: 0, reasons: [], body: error instanceof Error ? error.message : String(error), at };
  }
}

/**
 * Polls /health/ready (every `everyMs`) until it answers as wanted: 200 for 'ready', 503 for
 * 'not-ready' (with a reason matching `reason`, when given). The sample, or undefined after `ms`,
 * with the last answer seen in `last`.
 */
export async function waitForReadiness(
  apiUrl: string,
  want: 'ready' | 'not-ready',
  ms: number,
  o: { reason?: RegExp; everyMs?: number } = {},
): Promise<{ sample?: ReadinessSample; last: ReadinessSample; waitedMs: number }> {
  const start = Date.now();
  for (;;) {
    const last = await readiness(apiUrl);
    const matches =
      want === 'ready'
        ? last.status === 200
        : last.status === 503 && (!o.reason || last.reasons.some((r) => o.reason!.test(r)));
    if (matches) return { sample: last, last, waitedMs: Date.now() - start };
    if (Date.now() - start > ms) return { last, waitedMs: Date.now() - start };
    await sleep(o.everyMs ?? 150);
  }
}

/** A readable line for a violation: what was wanted and what /health/ready said last. */
export const readinessViolation = (
  what: string,
  r: { sample?: ReadinessSample; last: ReadinessSample; waitedMs: number },
): string[] =>
  r.sample
    ? []
    : [`${what}: not seen in ${r.waitedMs} ms; last ${r.last.status} ${r.last.body.slice(0, 400)}`];

// ---------------------------------------------------------------------------------------------
// A webhook receiver, so a due reminder's delivery out of the system is counted too

export interface WebhookReceiver {
  readonly url: string;
  /** Calls received per payload key. */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

/** An HTTP server on `port` answering 200 to every POST and counting the payloads' keys. */
export async function startWebhookReceiver(port: number): Promise<WebhookReceiver> {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      try {
        const key = String((JSON.parse(body) as { key?: unknown }).key);
        calls.set(key, (calls.get(key) ?? 0) + 1);
        res.writeHead(200).end('ok');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SAMPLE_DIRECTORY = fileURLToPath(
  new URL('../../../apps/api/user-directory.sample.json', import.meta.url),
);

/**
 * The sample user directory plus a webhook for `agency` (the load's documents' agency) at `url`,
 * written to a file of its own: USER_DIRECTORY_FILE for both processes. `remove()` deletes it.
 */
export function directoryWithWebhook(url: string, agency = 'so-khcn'): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'draftline-directory-'));
  const file = join(dir, 'directory.json');
  const sample = JSON.parse(readFileSync(SAMPLE_DIRECTORY, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    file,
    JSON.stringify({ ...sample, webhooks: [{ agency, url, secret: 'fault-run-webhook-secret-0123456789' }] }),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// Due reminders: each delivered once

interface ClockJson {
  clockId: string;
  status: string;
  stoppedAt?: string;
  reminders: { n: number; at: string; sentAt?: string }[];
  escalation?: { at: string; sentAt?: string };
}

/** The keys (`<clock>.reminder.<n>`, `<clock>.escalation`) due by the database's clock now. */
async function dueKeys(sql: SqlClient): Promise<{ keys: Set<string>; clocks: number }> {
  const rows = await sql.query<{ clock: ClockJson | string; now: string }>(
    `SELECT clock, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now FROM deadlines`,
  );
  const keys = new Set<string>();
  for (const row of rows) {
    const clock = typeof row.clock === 'string' ? (JSON.parse(row.clock) as ClockJson) : row.clock;
    const stopped = clock.status === 'met' || clock.status === 'cancelled';
    const until = Math.min(
      Date.parse(row.now),
      stopped && clock.stoppedAt ? Date.parse(clock.stoppedAt) : Infinity,
    );
    for (const r of clock.reminders)
      if (Date.parse(r.at) <= until) keys.add(`${clock.clockId}.reminder.${r.n}`);
    if (clock.escalation && Date.parse(clock.escalation.at) <= until) keys.add(`${clock.clockId}.escalation`);
  }
  return { keys, clocks: rows.length };
}

const countBy = <T>(rows: readonly T[], key: (r: T) => string, n: (r: T) => number) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
};

export interface ReminderFigures {
  readonly clocks: number;
  readonly due: number;
  /** Due keys with their event recorded, an inbox row and (with a receiver) a webhook call. */
  readonly delivered: number;
  /** Keys recorded twice, inbox rows repeated for a key and user, webhook calls repeated. */
  readonly duplicated: number;
  readonly violations: string[];
}

/**
 * Waits (bounded by `ms`) until every due key is delivered, then checks each is delivered once:
 * one DeadlineReminderSent / DeadlineMissed, at least one inbox row and none repeated for a
 * user, one call of the agency's webhook (when `receiver` is given) and its delivery record sent.
 */
export async function reminderDeliveries(
  sql: SqlClient,
  receiver: WebhookReceiver | undefined,
  ms = 20_000,
): Promise<ReminderFigures> {
  const read = async () => {
    const { keys, clocks } = await dueKeys(sql);
    const events = await sql.query<{ key: string; n: number }>(
      `SELECT CASE WHEN type = 'DeadlineMissed' THEN (data->>'clockId') || '.escalation'
                   ELSE (data->>'clockId') || '.reminder.' || (data->>'reminder') END AS key, count(*)::int AS n
         FROM events WHERE type IN ('DeadlineReminderSent', 'DeadlineMissed') GROUP BY 1`,
    );
    const inbox = await sql.query<{ key: string; user_id: string; n: number }>(
      'SELECT key, user_id, count(*)::int AS n FROM notifications GROUP BY 1, 2',
    );
    const recorded = new Map(events.map((e) => [e.key, e.n]));
    const inboxRows = countBy(
      inbox,
      (r) => r.key,
      () => 1,
    );
    const delivered = [...keys].filter(
      (k) =>
        (recorded.get(k) ?? 0) >= 1 &&
        (inboxRows.get(k) ?? 0) >= 1 &&
        (!receiver || (receiver.calls.get(k) ?? 0) >= 1),
    );
    return { keys, clocks, recorded, inbox, delivered };
  };
  const end = Date.now() + ms;
  let state = await read();
  while (state.delivered.length < state.keys.size && Date.now() < end) {
    await sleep(200);
    state = await read();
  }
  const { keys, clocks, recorded, inbox, delivered } = state;
  const violations: string[] = [];
  const some = (what: string, items: readonly string[]) => {
    if (items.length > 0) violations.push(`${what}: ${items.length}, e.g. ${items.slice(0, 3).join(', ')}`);
  };
  const undelivered = [...keys].filter((k) => !delivered.includes(k));
  some(
    'due reminders not delivered (event, inbox, webhook)',
    undelivered.map(
      (k) =>
        `${k} [event ${recorded.get(k) ?? 0}, inbox ${inbox.filter((r) => r.key === k).length}` +
        `${receiver ? `, webhook ${receiver.calls.get(k) ?? 0}` : ''}]`,
    ),
  );
  const twiceRecorded = [...recorded].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
  const twiceInbox = inbox.filter((r) => r.n > 1).map((r) => `${r.key} ${r.user_id} ×${r.n}`);
  const twiceCalled = receiver
    ? [...receiver.calls].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`)
    : [];
  some('reminders recorded more than once', twiceRecorded);
  some('inbox rows repeated for a key and user', twiceInbox);
  some('webhooks called more than once', twiceCalled);
  some(
    'reminders recorded that were not due',
    [...recorded.keys()].filter((k) => !keys.has(k)),
  );
  if (receiver) {
    some(
      'webhooks called for keys not due',
      [...receiver.calls.keys()].filter((k) => !keys.has(k)),
    );
    const records = await sql
      .query<{ key: string; status: string }>(`SELECT key, status FROM deliveries WHERE channel = 'webhook'`)
      .catch(() => undefined);
    if (records) {
      const sent = new Set(records.filter((r) => r.status === 'sent').map((r) => r.key));
      some(
        'delivered webhooks whose delivery record is not sent',
        [...receiver.calls.keys()].filter((k) => !sent.has(k)),
      );
    }
  }
  const duplicated = new Set([
    ...[...recorded].filter(([, n]) => n > 1).map(([k]) => k),
    ...inbox.filter((r) => r.n > 1).map((r) => r.key),
    ...(receiver ? [...receiver.calls].filter(([, n]) => n > 1).map(([k]) => k) : []),
  ]).size;
  return { clocks, due: keys.size, delivered: delivered.length, duplicated, violations };
}

// ---------------------------------------------------------------------------------------------
// Command figures

export interface CommandFigures {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly unknown: number;
  /** Of the unknown ones, how many landed. */
  readonly unknownStored: number;
  /** Acknowledged commands whose events are not stored exactly as answered. */
  readonly lost: number;
  /** Commands (any outcome) whose events are stored more than once. */
  readonly duplicated: number;
}

export async function commandFigures(sql: SqlClient, log: readonly CommandRecord[]): Promise<CommandFigures> {
  const rows = await sql.query<{ c: string; n: number }>(
    `SELECT metadata->>'correlationId' AS c, count(*)::int AS n FROM events
      WHERE metadata->>'correlationId' = ANY($1::text[]) GROUP BY 1`,
    [log.map((r) => r.id)],
  );
  const stored = new Map(rows.map((r) => [r.c, r.n]));
  const of = (r: CommandRecord) => stored.get(r.id) ?? 0;
  const ok = log.filter((r) => r.outcome === 'ok');
  const unknown = log.filter((r) => r.outcome === 'unknown');
  return {
    sent: log.length,
    ok: ok.length,
    failed: log.filter((r) => r.outcome === 'failed').length,
    unknown: unknown.length,
    unknownStored: unknown.filter((r) => of(r) > 0).length,
    lost: ok.filter((r) => of(r) < r.events!.length).length,
    duplicated: log.filter((r) => of(r) > (r.outcome === 'ok' ? r.events!.length : 1)).length,
  };
}

/** One line: the figures the issue's closing note asks for. */
export const figuresLine = (c: CommandFigures, r: ReminderFigures): string =>
  `commands sent ${c.sent}, ok ${c.ok}, failed ${c.failed}, unknown ${c.unknown} (${c.unknownStored} stored), ` +
  `lost ${c.lost}, duplicated ${c.duplicated}; clocks ${r.clocks}, reminders due ${r.due}, ` +
  `delivered ${r.delivered}, duplicated ${r.duplicated}`;

/** Reminders and escalations of open clocks not sent yet: jobs waiting in Redis right now. */
export async function pendingReminders(sql: SqlClient): Promise<number> {
  const rows = await sql
    .query<{ clock: ClockJson | string }>(`SELECT clock FROM deadlines WHERE status = 'open'`)
    .catch(() => []);
  let n = 0;
  for (const row of rows) {
    const clock = typeof row.clock === 'string' ? (JSON.parse(row.clock) as ClockJson) : row.clock;
    const unsent = (x: { sentAt?: string } | undefined) => x !== undefined && x.sentAt === undefined;
    n += clock.reminders.filter(unsent).length + (unsent(clock.escalation) ? 1 : 0);
  }
  return n;
}

/**
 * Everything checked after a fault run's load has stopped: server-mode.ts's checks (commands
 * stored once, clocks escalated, read models at the tail and equal to a rebuild, nothing parked),
 * every due reminder delivered once, and /health/ready at 200 again. The violations and a line
 * of figures.
 */
export async function checkFaultRun(
  store: PostgresEventStore,
  log: readonly CommandRecord[],
  o: { rebuildUrl: string; apiUrl: string; receiver?: WebhookReceiver },
): Promise<{ violations: string[]; figures: string }> {
  const after = await checkAfterFaults(store, log, o.rebuildUrl);
  const reminders = await reminderDeliveries(store.sql, o.receiver);
  const commands = await commandFigures(store.sql, log);
  const ready = await waitForReadiness(o.apiUrl, 'ready', 15_000);
  return {
    violations: [
      ...after.violations,
      ...reminders.violations,
      ...readinessViolation('ready after the run', ready),
    ],
    figures: `${figuresLine(commands, reminders)} | ${after.figures}`,
  };
}
