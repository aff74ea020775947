import { endOfLocalDay } from './as-of.js';
import { programmeReport } from './programme-report.js';
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

describe('programme report: where the drafts stand', () => {
  it('counts each origin by stage', () => {
    const r = report([
      ...draftEvents({ id: 'p1', assignedOn: '2019-01-07' }, ISSUED),
      ...draftEvents({ id: 'p2', assignedOn: '2019-01-07' }, [
        ...ISSUED,
        ['PublicationRecorded', '2019-03-28'],
      ]),
      ...draftEvents({ id: 'p3', assignedOn: '2019-01-07' }, CONSULTED),
      ...draftEvents({ id: 'p4', assignedOn: '2019-01-07' }, [...START, ['Withdrawn', '2019-02-01']]),
      ...draftEvents({ id: 'a1', origin: 'additional', assignedOn: '2019-03-01' }, SUBMITTED),
      ...draftEvents({ id: 'a2', origin: 'additional', assignedOn: '2019-03-01' }, [
        ...SUBMITTED,
        ['Adopted', '2019-03-20'],
      ]),
      ...draftEvents({ id: 'a3', origin: 'additional', assignedOn: '2019-03-01' }),
      ...draftEvents({ id: 'a4', origin: 'additional', assignedOn: '2019-03-01' }, APPRAISED),
    ]);
    expect(r.programme).toEqual({
      assigned: 4,
      issued: 2,
      submittedAwaitingDecision: 0,
      beingDrafted: 1,
      revisingBeforeAppraisal: 1,
      withdrawn: 1,
    });
    // a3 (planned) and a4 (appraised) are being drafted; neither is revising before appraisal.
    expect(r.additional).toEqual({
      assigned: 4,
      issued: 0,
      submittedAwaitingDecision: 2,
      beingDrafted: 2,
      revisingBeforeAppraisal: 0,
      withdrawn: 0,
    });
  });

  it('counts as revised before appraisal only drafts never appraised', () => {
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
      ...draftEvents({ id: 'p4', assignedOn: '2019-01-07' }, [
        ...CONSULTED,
        ['SentForAppraisal', '2019-02-25'],
      ]),
    ]);
    expect(r.programme.revisingBeforeAppraisal).toBe(2); // p1 (returned, never appraised) and p3 (drafting)
    expect(r.programme.beingDrafted).toBe(4);
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
      programme: { beingDrafted: 1, submittedAwaitingDecision: 0 },
      additional: { assigned: 0 },
    });
    expect(report(events, '2019-03-10')).toMatchObject({
      programme: { issued: 0, submittedAwaitingDecision: 1 },
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
