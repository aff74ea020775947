import { endOfLocalDay } from './as-of.js';
import { isKnownAgency, programmeReport } from './programme-report.js';
import { reportFold } from './report.fold.js';
import { emptyReportState, type ReportEvent } from './report.state.js';
import {
  draftEvents,
  fit,
  implementation,
  implementationStatus,
  noon,
  notFit,
  review,
  type Step,
} from './report.testing.js';

const fold = (events: readonly ReportEvent[]) => events.reduce(reportFold, emptyReportState());
const report = (events: readonly ReportEvent[], asOf = '2019-08-16', agency = 'so-khcn', year = 2019) =>
  programmeReport(fold(events), { agency, year, asOf: endOfLocalDay(asOf) });

const START: Step[] = [['DraftingStarted', '2019-01-10']];
const CONSULTED: Step[] = [
  ...START,
  ['ConsultationOpened', '2019-01-15'],
  ['ConsultationClosed', '2019-02-20'],
];
const APPRAISED: Step[] = [
  ...CONSULTED,
  ['SentForAppraisal', '2019-02-25'],
  ['AppraisalRecorded', '2019-03-05', fit],
];
const SUBMITTED: Step[] = [...APPRAISED, ['Submitted', '2019-03-10']];
const ISSUED: Step[] = [...SUBMITTED, ['Adopted', '2019-03-20'], ['Issued', '2019-03-25']];

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
const sumOfBuckets = (f: Record<string, number>) => BUCKETS.reduce((n, b) => n + f[b], 0);

describe('programme report: where the drafts stand', () => {
  it('given a draft in each stage, then each is in exactly one bucket and the buckets add up', () => {
    const r = report([
      ...draftEvents({ id: 'planned', assignedOn: '2019-01-07' }),
      ...draftEvents({ id: 'drafting', assignedOn: '2019-01-07' }, START),
      ...draftEvents({ id: 'consulting', assignedOn: '2019-01-07' }, [
        ...START,
        ['ConsultationOpened', '2019-01-15'],
      ]),
      ...draftEvents({ id: 'revising', assignedOn: '2019-01-07' }, CONSULTED),
      ...draftEvents({ id: 'in-appraisal', assignedOn: '2019-01-07' }, [
        ...CONSULTED,
        ['SentForAppraisal', '2019-02-25'],
      ]),
      ...draftEvents({ id: 'appraised', assignedOn: '2019-01-07' }, APPRAISED),
      ...draftEvents({ id: 'submitted', assignedOn: '2019-01-07' }, SUBMITTED),
      ...draftEvents({ id: 'adopted', assignedOn: '2019-01-07' }, [...SUBMITTED, ['Adopted', '2019-03-20']]),
      ...draftEvents({ id: 'issued', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'published', assignedOn: '2019-01-07' }, [
        ...ISSUED,
        ['PublicationRecorded', '2019-03-28'],
      ]),
      ...draftEvents({ id: 'withdrawn', assignedOn: '2019-01-07' }, [...START, ['Withdrawn', '2019-02-01']]),
    ]);
    expect(r.programme).toEqual({
      assigned: 11,
      issued: 2,
      adoptedAwaitingSignature: 1,
      submittedAwaitingDecision: 1,
      appraisedAwaitingSubmission: 1,
      inAppraisal: 1,
      revisingBeforeAppraisal: 2,
      beingDrafted: 2,
      withdrawn: 1,
      everSubmitted: 4,
    });
    expect(sumOfBuckets(r.programme)).toBe(r.programme.assigned);
  });

  it('given an additional draft that is only being drafted, then it is not also revising before appraisal', () => {
    const r = report([...draftEvents({ id: 'a2', origin: 'additional', assignedOn: '2019-07-01' }, START)]);
    expect(r.additional).toMatchObject({ assigned: 1, beingDrafted: 1, revisingBeforeAppraisal: 0 });
    expect(sumOfBuckets(r.additional)).toBe(1);
  });

  it('given drafts back in revision after a return or a committee, then they are revising, by stage', () => {
    const returned: Step[] = [
      ...CONSULTED,
      ['SentForAppraisal', '2019-02-25'],
      ['DossierReturned', '2019-03-01'],
    ];
    const backFromCommittee: Step[] = [...SUBMITTED, ['ReturnedForRevision', '2019-03-20', { reason: 'x' }]];
    const r = report([
      ...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }, returned),
      ...draftEvents({ id: 'p2', assignedOn: '2019-01-07' }, backFromCommittee),
      ...draftEvents({ id: 'p3', assignedOn: '2019-01-07' }, START),
    ]);
    expect(r.programme).toMatchObject({ revisingBeforeAppraisal: 2, beingDrafted: 1, everSubmitted: 1 });
    expect(sumOfBuckets(r.programme)).toBe(3);
  });

  it('given drafts submitted and then issued, returned or withdrawn, then ever submitted counts each once', () => {
    const r = report([
      ...draftEvents({ id: 'a1', origin: 'additional', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'a2', origin: 'additional', assignedOn: '2019-01-07' }, [
        ...SUBMITTED,
        ['ReturnedForRevision', '2019-03-20', { reason: 'x' }],
        ['DraftRevised', '2019-03-25'],
      ]),
      ...draftEvents({ id: 'a3', origin: 'additional', assignedOn: '2019-01-07' }, [
        ...SUBMITTED,
        ['Withdrawn', '2019-04-01', { reason: 'gộp', fromStage: 'submitted' }],
      ]),
      ...draftEvents({ id: 'a4', origin: 'additional', assignedOn: '2019-01-07' }, APPRAISED),
      ...draftEvents({ id: 'a5', origin: 'additional', assignedOn: '2019-01-07' }, [
        ...APPRAISED,
        ['Submitted', '2019-09-01'],
      ]),
    ]);
    expect(r.additional).toMatchObject({ assigned: 5, issued: 1, everSubmitted: 3 });
  });

  it('given drafts of both kinds, then the figures are split by kind and the kinds add up', () => {
    const r = report([
      ...draftEvents({ id: 'd1', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'r1', kind: 'council_resolution', assignedOn: '2019-01-07' }, SUBMITTED),
      ...draftEvents(
        { id: 'r2', kind: 'council_resolution', origin: 'additional', assignedOn: '2019-02-01' },
        START,
      ),
      ...draftEvents(
        { id: 'c1', kind: 'chair_decision', origin: 'additional', assignedOn: '2019-02-01' },
        SUBMITTED,
      ),
    ]);
    expect(Object.keys(r.byKind).sort()).toEqual([
      'chair_decision',
      'committee_decision',
      'council_resolution',
    ]);
    // A Chair's decision submitted to the Chair awaits the Chair's signature: submitted, awaiting decision.
    expect(r.byKind.chair_decision.additional).toMatchObject({
      assigned: 1,
      submittedAwaitingDecision: 1,
      everSubmitted: 1,
    });
    expect(r.byKind.chair_decision.programme.assigned).toBe(0);
    expect(r.byKind.committee_decision.programme).toMatchObject({ assigned: 1, issued: 1, everSubmitted: 1 });
    expect(r.byKind.committee_decision.additional.assigned).toBe(0);
    expect(r.byKind.council_resolution.programme).toMatchObject({
      assigned: 1,
      submittedAwaitingDecision: 1,
      everSubmitted: 1,
    });
    expect(r.byKind.council_resolution.additional).toMatchObject({ assigned: 1, beingDrafted: 1 });
    for (const origin of ['programme', 'additional'] as const)
      for (const figure of ['assigned', 'everSubmitted', ...BUCKETS] as const)
        expect([
          origin,
          figure,
          r.byKind.committee_decision[origin][figure] +
            r.byKind.council_resolution[origin][figure] +
            r.byKind.chair_decision[origin][figure],
        ]).toEqual([origin, figure, r[origin][figure]]);
  });

  // lifecycle.md, "Legal regime of a document": the regime is shown with the document, and in the
  // report, split as of the date asked (a RegimeChanged after asOf does not count yet).
  it('given drafts of several regimes, then the figures are split by regime as of the date and add up', () => {
    const moved = { regime: '2021', fromRegime: '2016', reason: 'chuyển tiếp' };
    const r = report([
      ...draftEvents({ id: 'd1', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'd2', assignedOn: '2019-01-07', origin: 'additional' }, [
        ['RegimeChanged', '2019-03-01', moved],
      ]),
      ...draftEvents({ id: 'd3', assignedOn: '2019-01-07' }, [['RegimeChanged', '2019-09-01', moved]]),
    ]);
    expect(Object.keys(r.byRegime).sort()).toEqual(['2016', '2021', '2025']);
    expect(r.byRegime['2016'].programme).toMatchObject({ assigned: 2, issued: 1 });
    expect(r.byRegime['2021'].additional).toMatchObject({ assigned: 1, beingDrafted: 1 });
    expect(r.byRegime['2021'].programme.assigned).toBe(0);
    expect(r.byRegime['2025'].programme.assigned + r.byRegime['2025'].additional.assigned).toBe(0);
    for (const origin of ['programme', 'additional'] as const)
      for (const figure of ['assigned', 'everSubmitted', ...BUCKETS] as const)
        expect([
          origin,
          figure,
          r.byRegime['2016'][origin][figure] +
            r.byRegime['2021'][origin][figure] +
            r.byRegime['2025'][origin][figure],
        ]).toEqual([origin, figure, r[origin][figure]]);
  });

  it('given an asOf date, then the report names that Viet Nam date beside the instant', () => {
    const r = report(draftEvents({ id: 'p1', assignedOn: '2019-01-07' }));
    expect([r.asOf, r.asOfDate]).toEqual(['2019-08-16T16:59:59.999Z', '2019-08-16']);
    const early = programmeReport(fold([]), {
      agency: 'so-khcn',
      year: 2019,
      asOf: '2019-08-15T17:30:00.000Z',
    });
    expect(early.asOfDate).toBe('2019-08-16'); // 00:30 in Hà Nội
  });

  it('shows the world as it stood at asOf, the whole of that Viet Nam day included', () => {
    const events = [
      ...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'a1', origin: 'additional', assignedOn: '2019-03-10' }, [
        ['DraftingStarted', '2019-03-12'],
      ]),
      // A clock set back: the stream's later event does not count before its earlier one.
      ...draftEvents({ id: 'a2', origin: 'additional', assignedOn: '2019-04-01' }, START),
    ];
    expect(report(events, '2019-01-06').programme.assigned).toBe(0);
    expect(report(events, '2019-01-07').programme).toMatchObject({ assigned: 1, beingDrafted: 1 });
    expect(report(events, '2019-03-09')).toMatchObject({
      programme: { appraisedAwaitingSubmission: 1, beingDrafted: 0, submittedAwaitingDecision: 0 },
      additional: { assigned: 0 },
    });
    expect(report(events, '2019-03-10')).toMatchObject({
      programme: { issued: 0, submittedAwaitingDecision: 1, everSubmitted: 1 },
      additional: { assigned: 1, beingDrafted: 1 },
    });
    expect(report(events, '2019-03-25')).toMatchObject({
      programme: { issued: 1 },
      additional: { assigned: 1 },
    });
    // 23:59 in Hà Nội on the 24th is still the 24th; the issue at noon on the 25th is not yet.
    expect(report(events, '2019-03-24').programme.issued).toBe(0);
  });

  it('reports only the agency and year asked for', () => {
    const r = report([
      ...draftEvents({ id: 'x', agency: 'so-y-te', assignedOn: '2019-01-07' }),
      ...draftEvents({ id: 'y', year: 2018, plannedMonth: '2018-06', assignedOn: '2018-01-07' }),
      review('r1', '2019-02-01', 'keep', 'so-y-te'),
      review('r2', '2019-02-01', 'keep', 'so-khcn', 2018),
      implementation('i1', '2019-01-08', 'so-y-te'),
    ]);
    expect(r.programme.assigned + r.additional.assigned + r.reviews.total + r.implementations.total).toBe(0);
  });

  it('ignores events it has no use for and streams it never saw assigned', () => {
    const stray: ReportEvent[] = [
      {
        streamId: 'draft-p1',
        type: 'DeadlineReminderSent',
        data: {},
        metadata: { occurredAt: noon('2019-02-01') },
      },
      {
        streamId: 'draft-zz',
        type: 'DraftingStarted',
        data: {},
        metadata: { occurredAt: noon('2019-02-01') },
      },
      {
        streamId: 'numbers-x',
        type: 'NumberReserved',
        data: {},
        metadata: { occurredAt: noon('2019-02-01') },
      },
    ];
    const r = report([...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }), ...stray]);
    expect(r.programme).toMatchObject({ assigned: 1, beingDrafted: 1, revisingBeforeAppraisal: 0 });
  });
});

describe('programme report: reviews and implementation register', () => {
  it('counts the year’s reviews by outcome as of the date', () => {
    const r = report([
      review('r1', '2019-02-01', 'keep'),
      review('r2', '2019-03-01', 'keep'),
      review('r3', '2019-04-01', 'amend'),
      review('r4', '2019-05-01', 'repeal'),
      review('r5', '2019-09-01', 'expired'),
    ]);
    expect(r.reviews).toEqual({
      total: 4,
      byOutcome: { keep: 2, amend: 1, replace: 0, repeal: 1, expired: 0 },
    });
  });

  it('counts entries to implement by their status as of the date', () => {
    const events = [
      implementation('i1', '2019-01-08'),
      implementation('i2', '2019-01-08'),
      implementation('i3', '2019-01-08'),
      implementation('i4', '2019-09-01'),
      implementationStatus('i1', '2019-03-01', 'in_progress'),
      implementationStatus('i1', '2019-06-01', 'done'),
      implementationStatus('i2', '2019-04-01', 'in_progress'),
      implementationStatus('i3', '2019-10-01', 'done'),
    ];
    expect(report(events).implementations).toEqual({
      total: 3,
      byStatus: { not_started: 1, in_progress: 1, done: 1 },
    });
    expect(report(events, '2019-03-31').implementations.byStatus).toEqual({
      not_started: 2,
      in_progress: 1,
      done: 0,
    });
  });
});

describe('programme report: what the inspector asks next', () => {
  const submitOn = (date: string): Step[] => [...APPRAISED, ['Submitted', date]];
  it('weighs programme drafts against the end of their planned month', () => {
    const r = report(
      [
        ...draftEvents(
          { id: 'on-time', plannedMonth: '2019-03', assignedOn: '2019-01-07' },
          submitOn('2019-03-31'),
        ),
        ...draftEvents(
          { id: 'late', plannedMonth: '2019-02', assignedOn: '2019-01-07' },
          submitOn('2019-03-01'),
        ),
        ...draftEvents({ id: 'overdue', plannedMonth: '2019-04', assignedOn: '2019-01-07' }, CONSULTED),
        ...draftEvents({ id: 'due-later', plannedMonth: '2019-06', assignedOn: '2019-01-07' }, CONSULTED),
        ...draftEvents({ id: 'gone', plannedMonth: '2019-02', assignedOn: '2019-01-07' }, [
          ['Withdrawn', '2019-01-20'],
        ]),
        ...draftEvents({ id: 'extra', origin: 'additional', assignedOn: '2019-01-07' }, CONSULTED),
      ],
      '2019-05-01',
    );
    expect(r.punctuality).toEqual({ onTime: 1, late: 1, overdueOpen: 1, notYetDue: 1 });
  });

  it('is overdue from the day after the planned month ends', () => {
    const events = draftEvents({ id: 'p', plannedMonth: '2019-04', assignedOn: '2019-01-07' }, CONSULTED);
    expect(report(events, '2019-04-30').punctuality).toMatchObject({ overdueOpen: 0, notYetDue: 1 });
    expect(report(events, '2019-05-01').punctuality).toMatchObject({ overdueOpen: 1, notYetDue: 0 });
  });

  it('counts dossiers returned and not-fit appraisals', () => {
    const r = report([
      ...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }, [
        ...CONSULTED,
        ['SentForAppraisal', '2019-02-25'],
        ['DossierReturned', '2019-03-01'],
        ['SentForAppraisal', '2019-03-05'],
        ['AppraisalRecorded', '2019-03-15', notFit],
        ['SentForAppraisal', '2019-03-20'],
        ['AppraisalRecorded', '2019-03-30', fit],
      ]),
      ...draftEvents({ id: 'a1', origin: 'additional', assignedOn: '2019-01-07' }, [
        ...CONSULTED,
        ['SentForAppraisal', '2019-02-25'],
        ['DossierReturned', '2019-09-01'],
      ]),
    ]);
    expect(r.appraisals).toEqual({ returned: 1, notFit: 1 });
  });

  it('averages completed stays per stage from the events that entered them', () => {
    const r = report([
      ...draftEvents({ id: 'p1', assignedOn: '2019-01-01' }, [
        ['DraftingStarted', '2019-01-04'], // planned 3 days
        ['DraftRevised', '2019-01-05'], // drafting -> revising after 1 day
        ['DraftRevised', '2019-01-08'], // still revising: not a new stay
        ['ConsultationOpened', '2019-01-10'], // revising 5 days
      ]),
      ...draftEvents({ id: 'p2', assignedOn: '2019-01-01' }, [['DraftingStarted', '2019-01-05']]), // planned 4
    ]);
    expect(r.stageDays.planned).toEqual({ stays: 2, averageDays: 3.5 });
    expect(r.stageDays.drafting).toEqual({ stays: 1, averageDays: 1 });
    expect(r.stageDays.revising).toEqual({ stays: 1, averageDays: 5 });
    expect(r.stageDays.consulting).toEqual({ stays: 0, averageDays: null });
    expect(r.stageDays).not.toHaveProperty('published');
  });
});

describe('programme report: which agencies are known', () => {
  const state = fold([
    ...draftEvents({ id: 'p1', agency: 'so-khcn', assignedOn: '2019-01-07' }),
    review('r1', '2019-02-01', 'keep', 'so-y-te', 2018),
    implementation('i1', '2019-01-08', 'so-tai-chinh'),
  ]);

  it('given a document, a review or a register entry of an agency, in any year, then it is known', () => {
    expect(['so-khcn', 'so-y-te', 'so-tai-chinh'].map((a) => isKnownAgency(state, a))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('given nothing of an agency in the log, then it is not known', () => {
    expect(isKnownAgency(state, 'khong-co')).toBe(false);
    expect(isKnownAgency(emptyReportState(), 'so-khcn')).toBe(false);
  });
});
