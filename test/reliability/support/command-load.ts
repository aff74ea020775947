// Concurrent clients driving drafting commands over HTTP, Jepsen style: every command is logged
// as ok (2xx with its answer), failed (a definite 4xx/5xx answer) or unknown (timeout or
// connection error: it may or may not have happened). Each command carries its own id as both
// Idempotency-Key and X-Correlation-Id, so the checker finds its events by metadata.
import { randomUUID } from 'node:crypto';

export type Outcome = 'ok' | 'failed' | 'unknown';

export interface CommandRecord {
  /** Idempotency key and correlation id of the command. */
  readonly id: string;
  readonly api: string;
  readonly command: string;
  readonly documentId: string | undefined;
  outcome: Outcome;
  status?: number;
  /** Of an ok answer: the stream's revision after the command, its last event's position. */
  revision?: number;
  position?: string;
  events?: string[];
  error?: string;
  /** Sent on purpose with a stale If-Match: a 412 is the expected answer. */
  readonly stale: boolean;
  readonly at: number;
  /** What was sent, so the command can be sent again (`resend`) with the same Idempotency-Key. */
  readonly request?: CommandRequestSent;
}

export interface CommandRequestSent {
  readonly path: string;
  readonly actor: Actor;
  readonly ifMatch?: string;
  readonly body: Record<string, unknown>;
}

/** The answer of a 2xx command. */
export interface CommandAnswerBody {
  readonly documentId: string;
  readonly revision: number;
  readonly position: string;
  readonly events: string[];
  readonly stage: string;
}

export interface Actor {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

export interface LoadTarget {
  readonly name: string;
  readonly url: string;
}

export interface LoadOptions {
  readonly targets: readonly LoadTarget[];
  /** Clients per target. */
  readonly clientsPerTarget: number;
  readonly token: (actor: Actor) => Promise<string>;
  readonly actors: { readonly office: Actor; readonly drafter: Actor; readonly lead: Actor };
  /** The body of AssignDraft (a simplified procedure, so send-for-appraisal opens a clock). */
  readonly assignBody: Record<string, unknown>;
  /** Chance that a document in drafting/revising is sent for appraisal (starting a clock). */
  readonly sendChance: number;
  /** At most this many sends for appraisal in all (a few clocks, not hundreds). */
  readonly maxSends: number;
  /** Chance of a deliberately stale If-Match (must be refused with 412, leaving nothing). */
  readonly staleChance: number;
  /** Documents one client keeps moving at once. */
  readonly docsPerClient: number;
  readonly timeoutMs: number;
  readonly pauseMs: number;
  /** Log a 5xx as unknown (it may have happened) rather than failed. Default false. */
  readonly serverErrorIsUnknown?: boolean;
  /** A client's pause after an unknown outcome (e.g. while the api is down). Default pauseMs. */
  readonly pauseAfterUnknownMs?: number;
  /**
   * Also take documents through appraisal, submit, adopt and issue (appraisal is never skipped,
   * lifecycle.md "Guards"): in drafting, with `chance`, send for appraisal; the `appraiser`
   * records a fit report dated `reportDate`; then submit, adopt on `adoptedOn`, issue with
   * `issueBody`; an issued document leaves the client's hands. `client` numbers the client from 0.
   */
  readonly issue?: {
    readonly chance: number;
    readonly appraiser: Actor;
    readonly reportDate: (client: number) => string;
    readonly adoptedOn: (client: number) => string;
    readonly issueBody: (client: number) => Record<string, unknown>;
  };
}

interface Doc {
  readonly id: string;
  revision: number;
  stage: string;
  /** Sent for appraisal on the way to issue (its appraisal is this client's to record). */
  toIssue?: boolean;
}

/** Starts the clients; `stop()` lets each finish its command in flight and returns the log. */
export function startLoad(o: LoadOptions): {
  stop(): Promise<CommandRecord[]>;
  readonly log: CommandRecord[];
} {
  const log: CommandRecord[] = [];
  let stopped = false;
  let sends = 0;
  const tokens = new Map<string, Promise<string>>();
  const bearer = (actor: Actor) => {
    let t = tokens.get(actor.sub);
    if (!t) tokens.set(actor.sub, (t = o.token(actor)));
    return t;
  };

  async function send(
    target: LoadTarget,
    command: string,
    actor: Actor,
    doc: Doc | undefined,
    body: Record<string, unknown>,
    stale = false,
  ): Promise<CommandRecord> {
    const id = randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${await bearer(actor)}`,
      'content-type': 'application/json',
      'idempotency-key': id,
      'x-correlation-id': id,
    };
    if (doc) headers['if-match'] = `"${stale ? doc.revision - 1 : doc.revision}"`;
    const path = doc ? `/documents/${doc.id}/${command}` : '/documents';
    const request: CommandRequestSent = { path, actor, ifMatch: headers['if-match'], body };
    const record: CommandRecord = {
      id,
      api: target.name,
      command,
      documentId: doc?.id,
      outcome: 'unknown',
      stale,
      at: Date.now(),
      request,
    };
    log.push(record);
    try {
      const res = await fetch(`${target.url}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      record.status = res.status;
      if (res.ok) {
        const answer = JSON.parse(text) as CommandAnswerBody;
        record.outcome = 'ok';
        record.revision = answer.revision;
        record.position = answer.position;
        record.events = answer.events;
        (record as { documentId?: string }).documentId = answer.documentId;
        if (doc) {
          doc.revision = answer.revision;
          doc.stage = answer.stage;
        }
      } else if (o.serverErrorIsUnknown && res.status >= 500) {
        record.outcome = 'unknown';
        record.error = text.slice(0, 300);
      } else {
        // A definite answer: the command was refused (or failed) and must have left nothing.
        record.outcome = 'failed';
        record.error = text.slice(0, 300);
      }
    } catch (error) {
      record.outcome = 'unknown';
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    return record;
  }

  async function client(target: LoadTarget, n: number): Promise<void> {
    const docs: Doc[] = [];
    while (!stopped) {
      const movable = docs.filter((d) => d.stage !== 'in_appraisal' || d.toIssue);
      let pause = o.pauseMs;
      if (movable.length < o.docsPerClient) {
        const r = await send(target, 'assign', o.actors.office, undefined, o.assignBody);
        if (r.outcome === 'ok') docs.push({ id: r.documentId!, revision: r.revision!, stage: 'assigned' });
        if (r.outcome === 'unknown') pause = o.pauseAfterUnknownMs ?? pause;
      } else {
        const doc = movable[Math.floor(Math.random() * movable.length)];
        let r: CommandRecord;
        if (doc.revision > 0 && Math.random() < o.staleChance) {
          r = await send(target, 'record-revision', o.actors.drafter, doc, { summary: 'Bản cũ' }, true);
        } else if (doc.stage === 'assigned') {
          r = await send(target, 'start-drafting', o.actors.drafter, doc, {});
        } else if (o.issue && doc.stage === 'in_appraisal' && doc.toIssue) {
          r = await send(target, 'record-appraisal', o.issue.appraiser, doc, {
            outcome: 'fit',
            reportNumber: `${doc.revision}/BC-STP`,
            reportDate: o.issue.reportDate(n),
          });
        } else if (o.issue && doc.stage === 'appraised') {
          r = await send(target, 'submit', o.actors.lead, doc, {});
        } else if (o.issue && doc.stage === 'submitted') {
          r = await send(target, 'adopt', o.actors.office, doc, { adoptedOn: o.issue.adoptedOn(n) });
        } else if (o.issue && doc.stage === 'adopted') {
          r = await send(target, 'issue', o.actors.office, doc, o.issue.issueBody(n));
          if (r.outcome === 'ok') docs.splice(docs.indexOf(doc), 1);
        } else if (o.issue && doc.stage === 'drafting' && Math.random() < o.issue.chance) {
          r = await send(target, 'send-for-appraisal', o.actors.lead, doc, {});
          if (r.outcome === 'ok') doc.toIssue = true;
        } else if (sends < o.maxSends && Math.random() < o.sendChance) {
          sends++;
          r = await send(target, 'send-for-appraisal', o.actors.lead, doc, {});
        } else {
          r = await send(target, 'record-revision', o.actors.drafter, doc, {
            summary: `Dự thảo lần ${doc.revision + 1}`,
          });
        }
        // After an unknown outcome the client no longer knows the revision: it leaves that document.
        if (r.outcome === 'unknown') {
          docs.splice(docs.indexOf(doc), 1);
          pause = o.pauseAfterUnknownMs ?? pause;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  const clients = o.targets.flatMap((t, i) =>
    Array.from({ length: o.clientsPerTarget }, (_, j) => client(t, i * o.clientsPerTarget + j)),
  );
  const done = Promise.all(clients);
  return {
    log,
    async stop() {
      stopped = true;
      await done;
      return log;
    },
  };
}

/**
 * Sends a logged command again, exactly as first sent (same Idempotency-Key, correlation id,
 * If-Match and body): the status and, for a 2xx, the answer.
 */
export async function resend(
  url: string,
  record: CommandRecord,
  token: string,
  timeoutMs = 10_000,
): Promise<{ status: number; answer?: CommandAnswerBody; text: string }> {
  const req = record.request;
  if (!req) throw new Error(`command ${record.id} has no request to send again`);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'idempotency-key': record.id,
    'x-correlation-id': record.id,
  };
  if (req.ifMatch) headers['if-match'] = req.ifMatch;
  const res = await fetch(`${url}${req.path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(req.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, answer: res.ok ? (JSON.parse(text) as CommandAnswerBody) : undefined, text };
}
