import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#config';
import { createEventStore, type EventStore } from '#event-store';
import { signToken } from '../auth/token.service.js';
import { createApp } from '../bootstrap.js';
import { holdEmbeddedStore } from '../store-lock.js';
import {
  SCENARIO_2019,
  SCENARIO_AGENCY,
  SCENARIO_AS_OF,
  SCENARIO_USERS,
  SCENARIO_YEAR,
  type ScenarioUser,
} from './scenario-2019.js';
import { replayScenario, type ScenarioReply } from './scenario-replay.js';

async function countEvents(store: EventStore): Promise<number> {
  let n = 0;
  for (let page = await store.readAll({ limit: 1000 }); page.length > 0;) {
    n += page.length;
    if (page.length < 1000) break;
    page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 });
  }
  return n;
}

const BUCKETS = [
  'issued',
  'adoptedAwaitingSignature',
  'submittedAwaitingDecision',
  'appraisedAwaitingSubmission',
  'inAppraisal',
  'revisingBeforeAppraisal',
  'beingDrafted',
  'withdrawn',
] as const;

/**
 * Loads the 2019 scenario into the store at EVENT_STORE_URL through the public command API: the
 * app runs in this process, on today's clock, on a random loopback port, and every step is an
 * HTTP request with the token of the user who would send it, its business date as `occurredOn`,
 * its own Idempotency-Key and the revision it saw as If-Match, so a second run records nothing
 * new. Prints each step as it goes, then the inspection's figures as of 16 August 2019.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Refuses, with a sentence, while `npm start` has the same embedded store open.
  holdEmbeddedStore(config.eventStoreUrl, 'demo');
  const store = await createEventStore(config.eventStoreUrl);
  // Every clock of 2019 is long past: the deadline worker would spend the load sending 2019's
  // reminders and escalations. `npm start` afterwards reminds and escalates whatever is still
  // open, as it should.
  const deadlines = { ...config.deadlines, run: false };
  const app = await createApp({ ...config, deadlines, logLevel: 'silent' }, { store });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const tokens = new Map<ScenarioUser, string>();
    const bearer = async (user: ScenarioUser) => {
      if (!tokens.has(user)) tokens.set(user, await signToken(config, SCENARIO_USERS[user], '1h'));
      return `Bearer ${tokens.get(user)}`;
    };
    const send = async (user: ScenarioUser, path: string, init: RequestInit = {}): Promise<ScenarioReply> => {
      const headers = { authorization: await bearer(user), ...(init.headers as Record<string, string>) };
      const res = await fetch(`${base}${path}`, { ...init, headers });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };

    console.log(
      `Loading the ${SCENARIO_YEAR} scenario (${SCENARIO_2019.length} commands, each with its business date) ` +
        `into ${config.eventStoreUrl} through ${base}`,
    );
    const before = await countEvents(store);
    const width = String(SCENARIO_2019.length).length;
    const started = Date.now();
    const { position } = await replayScenario(
      {
        post: (user, path, body, headers) =>
          send(user, path, {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { ...headers, 'content-type': 'application/json' },
          }),
      },
      (step, i, reply) => {
        const n = String(i + 1).padStart(width);
        const where = reply.body.stage ?? reply.body.status ?? '';
        console.log(
          `[${n}/${SCENARIO_2019.length}] ${step.on} ${step.alias.padEnd(3)} ${step.command.padEnd(20)} ${step.user.padEnd(9)} ${reply.status} ${where}`,
        );
      },
    );
    const recorded = (await countEvents(store)) - before;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      recorded === 0
        ? `Nothing new recorded: the scenario was already loaded (every step is idempotent; ${seconds} s).`
        : `Recorded ${recorded} new events in ${seconds} s.`,
    );

    const query = `agency=${SCENARIO_AGENCY}&year=${SCENARIO_YEAR}&asOf=${SCENARIO_AS_OF}&consistentWith=${position}`;
    const report = await send('inspector', `/reports/programme?${query}`);
    if (report.status !== 200) throw new Error(`report: ${report.status} ${JSON.stringify(report.body)}`);
    const r = report.body;
    console.log(`\nProgramme report of ${SCENARIO_AGENCY} for ${SCENARIO_YEAR} as of ${SCENARIO_AS_OF}:`);
    console.table({
      'drafts in the work programme': r.programme.assigned,
      '  of them issued': r.programme.issued,
      '  of them being revised before appraisal': r.programme.revisingBeforeAppraisal,
      'drafts additionally assigned': r.additional.assigned,
      '  of them submitted, awaiting decision': r.additional.submittedAwaitingDecision,
      '  of them being drafted': r.additional.beingDrafted,
      'existing documents reviewed': r.reviews.total,
      'documents to implement': r.implementations.total,
    });
    // lifecycle.md, "Report": each draft is in exactly one bucket, so they add up to the drafts.
    for (const [name, origin] of [
      ['work programme', r.programme],
      ['additionally assigned', r.additional],
    ] as const) {
      const sum = BUCKETS.reduce((n, b) => n + Number(origin[b] ?? 0), 0);
      if (sum !== origin.assigned)
        throw new Error(`the ${name} buckets add up to ${sum}, not the ${origin.assigned} drafts assigned`);
    }
    console.log('The status buckets add up to the drafts assigned.');
    console.log(
      `CSV: npm start, then GET /reports/programme?agency=${SCENARIO_AGENCY}&year=${SCENARIO_YEAR}&asOf=${SCENARIO_AS_OF} ` +
        `with Accept: text/csv and a token from: npm run token -- --user u-inspector --agency so-noi-vu --roles inspector`,
    );
  } finally {
    await app.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
