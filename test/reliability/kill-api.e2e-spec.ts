// RELIABILITY.md, "atomic, durable append": one api process (RUN_PROJECTIONS=false,
// RUN_DEADLINES=false) under concurrent command load, killed with SIGKILL at random moments and
// restarted on the same port. Every command is logged ok (2xx) / failed (4xx) / unknown (timeout,
// connection error, 5xx). Then a checker reads the store directly: every ok command is there
// exactly once at the revision it answered, no failed command left anything, every unknown one is
// all or nothing, streams are gap-free and their hash chains verify. Last, every unknown command
// is sent again with its Idempotency-Key: the original answer if it had landed, applied now if
// not, never twice.
//
// Every drafting command appends exactly one event to its document's stream (libs/drafting's
// deciders), so the several-event command here is Issue: DocumentNumbers reserves the number in
// the numbering registry's stream (its own append) before the document's `Issued` event. The
// pairing checked: an `Issued` never without its reservation (same command id, same number and
// document); a reservation without its `Issued` is the documented state of a command cut between
// the two appends (document-numbers.ts: the number stays with the document), and its retry must
// complete the pair.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { localDate } from '#drafting';
import { createPgEventStore, verifyChain, type PostgresEventStore } from '#event-store';
import { signToken } from '../../apps/api/src/auth/token.service.js';
import { commandIdFor, documentIdFor, draftStream } from '../../apps/api/src/documents/draft-stream.js';
import { DATABASE_URL } from '../support/stores.js';
import { users } from '../support/users.js';
import { resend, startLoad, type Actor, type CommandRecord } from './support/command-load.js';
import { API_MAIN, freePort, Processes, sleep, waitForApi, type NodeProcess } from './support/processes.js';
import { deleteKeysWithPrefix, dropSchemas } from '../support/cleanup.js';

const KILLS = 5;
const tag = randomBytes(5).toString('hex');
const schema = `killapi_${tag}`;
const prefix = `test-killapi-${tag}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT = {
  secret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  jwksUrl: undefined,
  issuer: 'draftline',
  audience: 'draftline-api',
};
const directoryFile = fileURLToPath(new URL('../../apps/api/user-directory.sample.json', import.meta.url));

/** The event each drafting command appends to its document's stream (one each). */
const EVENT_OF: Record<string, string> = {
  assign: 'DraftAssigned',
  'start-drafting': 'DraftingStarted',
  'record-revision': 'DraftRevised',
  'send-for-appraisal': 'SentForAppraisal',
  'record-appraisal': 'AppraisalRecorded',
  submit: 'Submitted',
  adopt: 'Adopted',
  issue: 'Issued',
};
const RESERVED = 'DocumentNumberReserved';

const procs = new Processes();
let store: PostgresEventStore;
const stoppers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // dist/ is built once for the whole run by Jest's global setup (test/support/build-dist.js).
  store = await createPgEventStore({ url: DATABASE_URL, schema });
});

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
  await procs.killAll();
  await store?.close();
  await dropSchemas(schema);
  await deleteKeysWithPrefix(prefix);
});

interface StoredEvent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  c: string;
  cmd: string;
  data: Record<string, unknown>;
}

/** Every event of the schema, in stream order. */
const allEvents = async (): Promise<StoredEvent[]> =>
  (
    await store.sql.query<StoredEvent>(
      `SELECT stream_id AS stream, revision, id::text AS id, type, metadata->>'correlationId' AS c,
              metadata->>'commandId' AS cmd, data
         FROM events ORDER BY stream_id, revision`,
    )
  ).map((e) => ({ ...e, revision: Number(e.revision) }));

const actorOf = (r: CommandRecord): Actor => r.request!.actor;
/** The document a command acts on (an assignment's id derives from its Idempotency-Key). */
const documentOf = (r: CommandRecord): string =>
  r.documentId ?? documentIdFor(actorOf(r).sub, r.id, () => 'unreachable');
/** The command id the api derives (the numbering reservation is found by it). */
const commandIdOf = (r: CommandRecord): string =>
  commandIdFor(draftStream(documentOf(r)), actorOf(r).sub, r.id, () => 'unreachable');

/** The store's view of one command: its document events (by correlation id) and its reservations. */
function indexStore(events: readonly StoredEvent[]) {
  const byCorrelation = new Map<string, StoredEvent[]>();
  const reservations = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.type === RESERVED) reservations.set(e.cmd, [...(reservations.get(e.cmd) ?? []), e]);
    else byCorrelation.set(e.c, [...(byCorrelation.get(e.c) ?? []), e]);
  }
  return {
    docEvents: (r: CommandRecord) => byCorrelation.get(r.id) ?? [],
    reservationsOf: (r: CommandRecord) => reservations.get(commandIdOf(r)) ?? [],
    byCorrelation,
    reservations,
  };
}

/** Per-stream invariants: revisions 0..n without gaps (and `streams` agreeing), hash chains verify. */
async function streamViolations(events: readonly StoredEvent[]): Promise<string[]> {
  const out: string[] = [];
  const streams = new Map<string, number[]>();
  for (const e of events) streams.set(e.stream, [...(streams.get(e.stream) ?? []), e.revision]);
  const heads = new Map(
    (
      await store.sql.query<{ s: string; r: string }>('SELECT stream_id AS s, revision AS r FROM streams')
    ).map((x) => [x.s, Number(x.r)]),
  );
  for (const [stream, revisions] of streams) {
    if (revisions.some((r, i) => r !== i)) out.push(`${stream}: revisions ${revisions.join(',')}`);
    if (heads.get(stream) !== revisions.length - 1)
      out.push(`${stream}: streams.revision ${heads.get(stream)}, events up to ${revisions.length - 1}`);
    const verdict = verifyChain(await store.readStream(stream));
    if (!verdict.ok) out.push(`${stream}: chain broken at ${verdict.revision}: ${verdict.reason}`);
  }
  for (const stream of heads.keys()) if (!streams.has(stream)) out.push(`${stream}: head without events`);
  return out;
}

it(`kill -9 of the api ${KILLS} times under load: each command all or nothing, every acknowledged one there, retries never twice`, async () => {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const violations: string[] = [];
  const none = (what: string, items: readonly unknown[]) => {
    if (items.length > 0)
      violations.push(
        `${what}: ${items.length}, e.g. ${items
          .slice(0, 3)
          .map((i) => JSON.stringify(i))
          .join(' | ')}`,
      );
  };

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let generation = 0;
  const startApi = async (): Promise<NodeProcess> => {
    const proc = procs.start(`api-${generation++}`, API_MAIN, {
      NODE_ENV: 'test',
      JWT_SECRET: JWT.secret,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: '/nonexistent-draftline-test',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      EVENT_STORE_URL: `${DATABASE_URL}?schema=${schema}`,
      USER_DIRECTORY_FILE: directoryFile,
      HOST: '127.0.0.1',
      PORT: String(port),
      RUN_PROJECTIONS: 'false',
      RUN_DEADLINES: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    await waitForApi(proc, url);
    return proc;
  };
  let api = await startApi();
  timings.startup = Date.now() - started;

  // Each client issues in its own year (its own numbering registry stream), numbers 1, 2, …
  let issued = 0;
  const today = localDate(new Date().toISOString());
  const tokens = new Map<string, Promise<string>>();
  const token = (actor: Actor) => {
    let t = tokens.get(actor.sub);
    if (!t) tokens.set(actor.sub, (t = signToken({ jwt: JWT }, actor, '1h')));
    return t;
  };
  const load = startLoad({
    targets: [{ name: 'api', url }],
    clientsPerTarget: 6,
    token,
    actors: { office: users.office, drafter: users.drafter, lead: users.lead },
    assignBody: {
      kind: 'committee_decision',
      title: 'Quy định về quản lý đề tài khoa học',
      agency: 'so-khcn',
      procedure: 'simplified',
      origin: 'additional',
      year: 2026,
    },
    sendChance: 0,
    maxSends: 0,
    staleChance: 0.03,
    docsPerClient: 3,
    timeoutMs: 5000,
    pauseMs: 5,
    serverErrorIsUnknown: true,
    pauseAfterUnknownMs: 100,
    issue: {
      chance: 0.35,
      appraiser: users.appraiser,
      // Business dates are today's (never in the future, never before the step they follow).
      reportDate: () => today,
      adoptedOn: () => today,
      issueBody: () => {
        // One sequence for every client: the number's year is the signing year, shared by all.
        const n = ++issued;
        return {
          documentNumber: `${String(n).padStart(2, '0')}/${today.slice(0, 4)}/QĐ-UBND`,
          signingDate: today,
          effectiveDate: today,
        };
      },
    },
  });
  stoppers.push(() => load.stop());

  // Kill at random moments, restart on the same port each time.
  const downtimes: number[] = [];
  for (let i = 0; i < KILLS; i++) {
    await sleep(1000 + Math.random() * 2000);
    const killedAt = Date.now();
    api.child.kill('SIGKILL');
    expect(await api.exited).toBeNull();
    api = await startApi();
    downtimes.push(Date.now() - killedAt);
  }
  await sleep(1000);
  const log = await load.stop();
  timings.load = Date.now() - started - timings.startup;

  const ok = log.filter((r) => r.outcome === 'ok');
  const failed = log.filter((r) => r.outcome === 'failed');
  const unknown = log.filter((r) => r.outcome === 'unknown');
  expect(ok.length).toBeGreaterThan(200);
  expect(ok.filter((r) => r.command === 'issue').length).toBeGreaterThan(10);

  // Phase 1: the store as the kills left it.
  const checkStarted = Date.now();
  const before = await allEvents();
  const s1 = indexStore(before);
  const expectedTypes = (r: CommandRecord) => [EVENT_OF[r.command]];
  const types = (es: readonly StoredEvent[]) => es.map((e) => e.type).join();
  const pairing = (r: CommandRecord, docEvents: readonly StoredEvent[], res: readonly StoredEvent[]) => {
    if (r.command !== 'issue') return res.length === 0;
    const issued = docEvents.find((e) => e.type === 'Issued');
    if (!issued) return res.length <= 1; // a reservation alone: cut between the two appends
    return (
      res.length === 1 &&
      res[0].data.number === issued.data.documentNumber &&
      res[0].data.documentId === documentOf(r)
    );
  };
  none(
    'ok commands not in the store exactly once at the answered revision',
    ok
      .filter((r) => {
        const es = s1.docEvents(r);
        return (
          types(es) !== r.events!.join() ||
          types(es) !== expectedTypes(r).join() ||
          es[es.length - 1].revision !== r.revision ||
          es.some((e) => e.stream !== draftStream(documentOf(r)))
        );
      })
      .map((r) => ({ id: r.id, command: r.command, answered: r.revision, stored: s1.docEvents(r) })),
  );
  none(
    'ok issue commands without exactly one matching number reservation',
    ok
      .filter((r) => r.command === 'issue')
      .filter((r) => s1.reservationsOf(r).length !== 1 || !pairing(r, s1.docEvents(r), s1.reservationsOf(r)))
      .map((r) => ({ id: r.id, reservations: s1.reservationsOf(r).length })),
  );
  none(
    'failed commands that left events',
    failed
      .filter((r) => s1.docEvents(r).length > 0 || s1.reservationsOf(r).length > 0)
      .map((r) => ({ id: r.id, command: r.command, status: r.status })),
  );
  none(
    'unknown commands neither all nor nothing',
    unknown
      .filter((r) => {
        const es = s1.docEvents(r);
        return (
          (es.length > 0 && types(es) !== expectedTypes(r).join()) || !pairing(r, es, s1.reservationsOf(r))
        );
      })
      .map((r) => ({ id: r.id, command: r.command, stored: types(s1.docEvents(r)) })),
  );
  const known = new Set(log.map((r) => r.id));
  const knownCommands = new Set(log.filter((r) => r.request).map(commandIdOf));
  none('events of no logged command', [
    ...[...s1.byCorrelation.keys()].filter((c) => !known.has(c)),
    ...[...s1.reservations.keys()].filter((c) => !knownCommands.has(c)),
  ]);
  none('stream invariants (before the retries)', await streamViolations(before));
  const landed = unknown.filter((r) => s1.docEvents(r).length > 0);
  const halfIssued = unknown.filter(
    (r) => r.command === 'issue' && s1.docEvents(r).length === 0 && s1.reservationsOf(r).length === 1,
  );

  // Phase 2: every unknown command again, same Idempotency-Key, to the restarted api.
  const retried: { r: CommandRecord; status: number; revision?: number; events?: string[]; text: string }[] =
    [];
  for (let i = 0; i < unknown.length; i += 8) {
    retried.push(
      ...(await Promise.all(
        unknown.slice(i, i + 8).map(async (r) => {
          const answer = await resend(url, r, await token(actorOf(r)));
          return { r, status: answer.status, ...answer.answer, text: answer.text.slice(0, 200) };
        }),
      )),
    );
  }
  const after = await allEvents();
  const s2 = indexStore(after);
  none(
    'retries of landed commands not answering the original answer',
    retried
      .filter(({ r }) => s1.docEvents(r).length > 0)
      .filter(({ r, status, revision, events }) => {
        const es = s1.docEvents(r);
        return !(status < 300 && revision === es[es.length - 1].revision && events?.join() === types(es));
      })
      .map(({ r, status, revision, text }) => ({ id: r.id, status, revision, text })),
  );
  none(
    'retries of commands that had not landed refused (other than a stale If-Match 412)',
    retried
      .filter(({ r }) => s1.docEvents(r).length === 0)
      .filter(({ r, status }) => (r.stale ? status !== 412 : status >= 300))
      .map(({ r, status, text }) => ({ id: r.id, command: r.command, status, text })),
  );
  none(
    'commands not exactly once after the retries',
    [...ok, ...unknown.filter((r) => !r.stale)]
      .filter((r) => {
        const es = s2.docEvents(r);
        const res = s2.reservationsOf(r);
        return (
          types(es) !== expectedTypes(r).join() ||
          (r.command === 'issue' ? res.length !== 1 || !pairing(r, es, res) : res.length > 0)
        );
      })
      .map((r) => ({ id: r.id, command: r.command, stored: types(s2.docEvents(r)) })),
  );
  none(
    'stale or failed commands that left events after the retries',
    [...failed, ...unknown.filter((r) => r.stale)]
      .filter((r) => s2.docEvents(r).length > 0 || s2.reservationsOf(r).length > 0)
      .map((r) => r.id),
  );
  none(
    'retried commands that now answer with a revision other than stored',
    retried
      .filter(({ status }) => status < 300)
      .filter(({ r, revision }) => {
        const es = s2.docEvents(r);
        return es.length !== 1 || es[0].revision !== revision;
      })
      .map(({ r, revision }) => ({ id: r.id, revision })),
  );
  none('stream invariants (after the retries)', await streamViolations(after));
  timings.check = Date.now() - checkStarted;

  const by = (rs: readonly CommandRecord[], cmd: string) => rs.filter((r) => r.command === cmd).length;
  const statuses = [...new Set(failed.map((r) => r.status))].map(
    (s) => `${s}×${failed.filter((r) => r.status === s).length}`,
  );
  console.log(
    `kill -9 of the api ×${KILLS}: ${log.length} commands — ${ok.length} ok (${by(ok, 'issue')} issue), ` +
      `${failed.length} failed (${statuses.join(' ') || 'none'}), ${unknown.length} unknown ` +
      `(${landed.length} had landed, ${halfIssued.length} issue cut between reservation and Issued, ` +
      `${unknown.filter((r) => r.error?.includes('ECONNREFUSED') || r.error?.includes('fetch failed')).length} connection errors); ` +
      `${after.length} events in ${new Set(after.map((e) => e.stream)).size} streams; ` +
      `downtimes ms ${downtimes.join(',')}; timings ms ${JSON.stringify({ ...timings, total: Date.now() - started })}` +
      (violations.length > 0 ? `\nVIOLATIONS:\n${violations.join('\n')}\n${procs.tails(10)}` : ''),
  );
  expect(violations).toEqual([]);
}, 240_000);
