// THE scenario through the pure domain and the report fold, without HTTP: the same script the
// demo and the e2e test send, checked against lifecycle.md's figures. Every command arrives on
// one day years later, as the demo sends them; their business dates (occurredOn) tell 2019.
import {
  businessInstant,
  commandFromKebab,
  commandSchemas,
  decide,
  decideImplementation,
  decideReview,
  registerSchemas,
  replay,
  replayImplementation,
  type DraftCommand,
  type DraftEvent,
  type ImplementationCommand,
  type ImplementationEvent,
} from '#drafting';
import { emptyReportState, endOfLocalDay, programmeReport, reportFold, type ReportEvent } from '#reporting';
import {
  SCENARIO_2019,
  SCENARIO_AGENCY,
  SCENARIO_AS_OF,
  SCENARIO_FIGURES,
  SCENARIO_USERS,
} from './scenario-2019.js';

type Stream = { name: string; events: (DraftEvent | ImplementationEvent)[] };

/** The day the scenario is loaded: long after 2019, as `npm run demo` loads it today. */
const LOADED_AT = '2026-12-02T03:00:00.000Z';

/** Every step decided by the domain as its user at its time; the events as the store would hold them. */
function decideAll(): ReportEvent[] {
  const streams = new Map<string, Stream>();
  const log: ReportEvent[] = [];
  for (const step of SCENARIO_2019) {
    const u = SCENARIO_USERS[step.user];
    const ctx = {
      documentId: step.alias,
      actor: { userId: u.sub, agency: u.agency, roles: [...u.roles] },
      now: LOADED_AT,
    };
    const prefix = { document: 'draft', review: 'review', implementation: 'implementation' }[step.target];
    const stream = streams.get(step.alias) ?? { name: `${prefix}-${step.alias}`, events: [] };
    streams.set(step.alias, stream);
    let events: (DraftEvent | ImplementationEvent)[] | ReturnType<typeof decideReview>;
    if (step.target === 'document') {
      const type = step.command === 'assign' ? 'AssignDraft' : commandFromKebab(step.command)!;
      const command = { type, data: commandSchemas[type].parse(step.body) } as DraftCommand;
      events = decide(command, replay(stream.events as DraftEvent[]), ctx);
    } else if (step.target === 'review') {
      events = decideReview(
        { type: 'RecordReview', data: registerSchemas.RecordReview.parse(step.body) },
        undefined,
        ctx,
      );
    } else {
      const command = (
        step.command === 'register'
          ? { type: 'RegisterImplementation', data: registerSchemas.RegisterImplementation.parse(step.body) }
          : {
              type: 'RecordImplementationStatus',
              data: registerSchemas.RecordImplementationStatus.parse(step.body),
            }
      ) as ImplementationCommand;
      events = decideImplementation(
        command,
        replayImplementation(stream.events as ImplementationEvent[]),
        ctx,
      );
    }
    stream.events.push(...(events as (DraftEvent | ImplementationEvent)[]));
    for (const e of events)
      log.push({
        streamId: stream.name,
        type: e.type,
        data: e.data as Record<string, unknown>,
        // As the API records it (aggregate.repository.ts): the business instant of the step.
        metadata: { occurredAt: businessInstant((e.data as { occurredOn?: string }).occurredOn, LOADED_AT) },
      });
  }
  return log;
}

describe('the 2019 scenario', () => {
  const log = decideAll();
  const state = log.reduce(reportFold, emptyReportState());
  const reportAsOf = (date: string) =>
    programmeReport(state, { agency: SCENARIO_AGENCY, year: 2019, asOf: endOfLocalDay(date) });

  it('shows lifecycle.md’s figures on 16 August 2019: 3 / 2 / 1 / 2 / 1 / 1 / 10 / 5', () => {
    const r = reportAsOf(SCENARIO_AS_OF);
    expect(r.programme).toMatchObject(SCENARIO_FIGURES.programme);
    expect(r.additional).toMatchObject(SCENARIO_FIGURES.additional);
    expect(r.reviews.total).toBe(SCENARIO_FIGURES.reviews);
    expect(r.implementations.total).toBe(SCENARIO_FIGURES.implementations);
    expect(r.reviews.byOutcome).toEqual({ keep: 4, amend: 3, replace: 1, repeal: 1, expired: 1 });
    expect(r.implementations.byStatus).toEqual({ not_started: 1, in_progress: 2, done: 2 });
    expect(r.punctuality).toEqual({ onTime: 1, late: 1, overdueOpen: 1, notYetDue: 0 });
    expect(r.appraisals).toEqual({ returned: 1, notFit: 1 });
  });

  it('dates every command and every event by its business date, not the day it was loaded', () => {
    for (const step of SCENARIO_2019)
      expect([step.alias, step.body.occurredOn]).toEqual([step.alias, step.on]);
    expect(log.filter((e) => typeof e.data.occurredOn !== 'string')).toEqual([]);
    expect(log.filter((e) => !e.metadata.occurredAt.startsWith('2019-'))).toEqual([]);
  });

  it('showed less at the end of March and moves on after the inspection', () => {
    const march = reportAsOf('2019-03-31');
    // The buckets partition (lifecycle.md, "Report"): P2's dossier came back on 25 March (being
    // revised), P3 is still only being drafted, P1 was submitted on 20 March; A1 is in consultation.
    expect(march.programme).toMatchObject({
      assigned: 3,
      issued: 0,
      revisingBeforeAppraisal: 1,
      beingDrafted: 1,
    });
    expect(march.additional).toMatchObject({
      assigned: 1,
      submittedAwaitingDecision: 0,
      revisingBeforeAppraisal: 1,
      beingDrafted: 0,
    });
    expect([march.reviews.total, march.implementations.total]).toEqual([4, 5]);
    const yearEnd = reportAsOf('2019-12-31');
    expect(yearEnd.additional).toMatchObject({ issued: 1, submittedAwaitingDecision: 0 });
  });
});
