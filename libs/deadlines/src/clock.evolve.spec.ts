import { event } from '#drafting';
import { evolveClocks, type ClockInput } from './clock.evolve.js';
import { DEFAULT_UNVERIFIED_SETTINGS, STATUTORY_RULES, statutoryRules } from './clock.rules.js';
import { deadlineMissed, deadlineReminderSent } from './deadline.events.js';
import { jobsOf } from './deadline.jobs.js';
import type { RuleBook } from './rule.types.js';
import { VIETNAM_CALENDAR } from './working.calendar.js';
import { assigned, clockNamed, DOC, given, type Step, vn } from './testing/clock.given.js';

const sent = event('SentForAppraisal', {});
const fit = event('AppraisalRecorded', {
  outcome: 'fit',
  reportNumber: '45/BC-STP',
  reportDate: '2019-03-08',
});
const returned = event('DossierReturned', { reason: 'thiếu tờ trình' });
const accepted = event('DossierAccepted', {});
/** What an evolution did, one line a clock: 'stopped met appraisal_report', 'opened dossier_check'. */
const lines = (changes: readonly { type: string; status?: string; clock: { name: string } }[]) =>
  changes.map((c) => [c.type, c.status, c.clock.name].filter(Boolean).join(' '));
const submitted = event('Submitted', {});
const withdrawn = event('Withdrawn', { reason: 'merged', fromStage: 'drafting' });
const inProgramme: Step = [assigned({ plannedMonth: '2019-06' }), '2019-01-02'];

describe('evolveClocks', () => {
  it('given a programme assignment, then the submission clock opens', () => {
    const { changes } = given([]).when(inProgramme);
    expect(changes).toEqual([{ type: 'opened', clock: expect.objectContaining({ status: 'open' }) }]);
    expect(changes[0].clock).toMatchObject({
      clockId: `${DOC}.programme_submission.1`,
      documentId: DOC,
      agency: 'sokhcn',
      startedAt: vn('2019-01-02'),
    });
  });

  it('given an open appraisal clock, when the appraisal is recorded before due, then it is met', () => {
    const { changes, state } = given([inProgramme, [sent, '2019-03-01']]).when([fit, '2019-03-08']);
    // The report also ends the dossier check, on its last working day (Friday 1 March + 5).
    expect(lines(changes)).toEqual(['stopped met dossier_check', 'stopped met appraisal_report']);
    expect(clockNamed({ state }, 'appraisal_report')).toMatchObject({
      status: 'met',
      stoppedAt: vn('2019-03-08'),
      stoppedBy: 'AppraisalRecorded',
    });
  });

  it('given an open appraisal clock, when the report comes after the due time, then it stopped missed', () => {
    const { changes } = given([inProgramme, [sent, '2019-03-01']]).when([fit, '2019-03-12T00:00']);
    expect(lines(changes)).toEqual(['stopped missed dossier_check', 'stopped missed appraisal_report']);
  });

  it('given open clocks, when the draft is withdrawn, then every open clock is cancelled', () => {
    const { changes } = given([inProgramme, [sent, '2019-03-01']]).when([withdrawn, '2019-03-02']);
    expect(changes.map((c) => [c.type, c.type === 'stopped' && c.status, c.clock.name])).toEqual([
      ['stopped', 'cancelled', 'programme_submission'],
      ['stopped', 'cancelled', 'dossier_check'],
      ['stopped', 'cancelled', 'appraisal_report'],
    ]);
  });

  it('given a returned dossier, when it is sent again, then a second appraisal clock opens', () => {
    const { changes } = given([inProgramme, [sent, '2019-03-01'], [returned, '2019-03-04']]).when([
      sent,
      '2019-03-20',
    ]);
    expect(changes).toMatchObject([
      { type: 'opened', clock: { clockId: `${DOC}.dossier_check.2`, n: 2 } },
      { type: 'opened', clock: { clockId: `${DOC}.appraisal_report.2`, n: 2 } },
    ]);
  });

  it('given a dossier clock, when sent for appraisal, then the dossier clock stops and the appraisal one opens', () => {
    const steps = given([[assigned({ meetingDate: '2019-06-20' }), '2019-01-02']]);
    expect(steps.when([sent, '2019-05-20']).changes.map((c) => `${c.type} ${c.clock.name}`)).toEqual([
      'stopped dossier_before_meeting',
      'opened dossier_check',
      'opened appraisal_report',
    ]);
  });

  it('given a draft with no meeting date, when a meeting date is set, then the dossier clock opens 20 days before it', () => {
    const { changes } = given([inProgramme]).when([
      event('MeetingDateSet', { meetingDate: '2019-06-20' }),
      '2019-04-01',
    ]);
    expect(changes.map((c) => `${c.type} ${c.clock.name}`)).toEqual(['opened dossier_before_meeting']);
    expect(changes[0].clock.dueAt.slice(0, 10)).toBe('2019-05-31');
  });

  it('given an open dossier clock, when the meeting date changes, then the clock is cancelled and opens again for the new date', () => {
    const steps = given([[assigned({ meetingDate: '2019-06-20' }), '2019-01-02']]);
    const { changes } = steps.when([event('MeetingDateSet', { meetingDate: '2019-07-25' }), '2019-04-01']);
    expect(changes.map((c) => [c.type, c.type === 'stopped' && c.status, c.clock.clockId])).toEqual([
      ['stopped', 'cancelled', `${DOC}.dossier_before_meeting.1`],
      ['opened', false, `${DOC}.dossier_before_meeting.2`],
    ]);
    expect(changes[1].clock.dueAt.slice(0, 10)).toBe('2019-07-05');
  });

  it.each([
    ['2020-12-31', '2016'],
    // 2020-12-31T17:30Z: still 2020 in UTC, already 2021 in Viet Nam.
    ['2021-01-01T00:30', '2021'],
    ['2021-01-01', '2021'],
    ['2025-03-31', '2021'],
    ['2025-04-01', '2025'],
  ])('given an appraisal sent at %s Viet Nam time, then the %s regime applies', (local, regime) => {
    expect(clockNamed(given([inProgramme]).when([sent, local]), 'dossier_check').regime).toBe(regime);
  });

  it('given regimes with different rules, then the clock follows the regime of its start date', () => {
    const set = STATUTORY_RULES.regimes['2021'];
    const shorter: RuleBook = {
      ...STATUTORY_RULES,
      regimes: {
        ...STATUTORY_RULES.regimes,
        '2021': {
          ...set,
          clocks: {
            ...set.clocks,
            appraisal_report: {
              ...set.clocks.appraisal_report,
              due: { kind: 'after_start', duration: { unit: 'calendar_days', amount: 5 } },
            },
          },
        },
      },
    };
    // 2016 counts from sending, 2021 from the dossier accepted complete (accepted the same day here).
    const at = (local: string) =>
      clockNamed(given([inProgramme, [sent, local]], shorter).when([accepted, local]), 'appraisal_report')
        .dueDate;
    expect(at('2020-12-30')).toBe('2021-01-11');
    expect(at('2021-01-04')).toBe('2021-01-11');
  });

  it('given an open clock, when the worker records it missed, then it is missed and needs no more jobs', () => {
    const start = given([inProgramme, [sent, '2019-03-01']]);
    const clock = clockNamed(start, 'appraisal_report');
    const { changes, state } = start.when([
      deadlineMissed(clock, vn('2019-03-12T00:00')),
      '2019-03-12T00:00',
    ]);
    expect(changes).toMatchObject([
      { type: 'missed', clock: { status: 'missed', escalation: { sentAt: vn('2019-03-12T00:00') } } },
    ]);
    expect(jobsOf(clockNamed({ state }, 'appraisal_report'))).toEqual([]);
  });

  it('given a missed clock, when its stop event finally comes, then it stays missed and records the stop', () => {
    const start = given([inProgramme]);
    const clock = clockNamed(start, 'programme_submission');
    const steps = given([inProgramme, [deadlineMissed(clock, vn('2019-07-01T00:00')), '2019-07-01T00:00']]);
    const { changes } = steps.when([submitted, '2019-07-15']);
    expect(changes).toMatchObject([
      { type: 'stopped', status: 'missed', clock: { stoppedAt: vn('2019-07-15') } },
    ]);
  });

  it('given a met clock, when a late DeadlineMissed arrives, then nothing changes', () => {
    const start = given([inProgramme, [sent, '2019-03-01']]);
    const clock = clockNamed(start, 'appraisal_report');
    const steps = given([inProgramme, [sent, '2019-03-01'], [fit, '2019-03-08']]);
    expect(steps.when([deadlineMissed(clock, vn('2019-03-12T00:00')), '2019-03-12T00:00']).changes).toEqual(
      [],
    );
  });

  it('given a reminder sent, then it is marked sent and its job is no longer needed', () => {
    const start = given([inProgramme]);
    const clock = clockNamed(start, 'programme_submission');
    const { state } = start.when([
      deadlineReminderSent(clock, 1, vn('2019-06-14T08:00')),
      '2019-06-14T08:00',
    ]);
    const after = clockNamed({ state }, 'programme_submission');
    expect(after.reminders[0].sentAt).toBe(vn('2019-06-14T08:00'));
    expect(jobsOf(after).map((j) => j.jobId)).toEqual([
      `reminder-${DOC}.programme_submission.1-2`,
      `escalation-${DOC}.programme_submission.1`,
    ]);
  });

  it('given an event already applied, when it is delivered again, then nothing changes', () => {
    const start = given([inProgramme, [sent, '2019-03-01'], [fit, '2019-03-08']]);
    const again = {
      type: 'SentForAppraisal',
      data: {},
      occurredAt: vn('2019-03-01'),
      documentId: DOC,
      revision: 1,
    } as const;
    expect(start.when(again)).toEqual({ state: start.state, changes: [] });
  });

  it("given the worker's own stream, then its revisions count apart from the draft's", () => {
    const start = given([inProgramme, [sent, '2019-03-01']]);
    const clock = clockNamed(start, 'appraisal_report');
    const missed = deadlineMissed(clock, vn('2019-03-12T00:00'));
    // Revision 0 of deadline-<id>, below the draft's revision 1: still applied.
    const recorded = {
      ...missed,
      occurredAt: vn('2019-03-12T00:00'),
      documentId: DOC,
      revision: 0,
      stream: 'deadline',
    } as const;
    const once = start.when(recorded);
    expect(once.changes).toMatchObject([{ type: 'missed' }]);
    expect(once.state).toMatchObject({ revision: 1, deadlineRevision: 0 });
    // Delivered again: nothing changes. The draft's next revision still applies.
    const again = evolveClocks(once.state, recorded, STATUTORY_RULES, VIETNAM_CALENDAR);
    expect(again).toEqual({ state: once.state, changes: [] });
    const next = { ...returned, occurredAt: vn('2019-03-13'), documentId: DOC, revision: 2 } as ClockInput;
    const after = evolveClocks(once.state, next, STATUTORY_RULES, VIETNAM_CALENDAR);
    expect(lines(after.changes)).toEqual(['stopped missed dossier_check', 'stopped missed appraisal_report']);
    expect(after.state).toMatchObject({ revision: 2, deadlineRevision: 0 });
  });

  it('given an open appraisal clock, when another start event comes, then no second clock opens', () => {
    const { changes, state } = given([inProgramme, [sent, '2019-03-01']]).when([sent, '2019-03-02']);
    expect(changes).toEqual([]);
    expect(state.clocks.filter((c) => c.name === 'appraisal_report')).toHaveLength(1);
  });

  it('given no assignment, then a stream cannot start with another event', () => {
    expect(() => given([]).when([sent, '2019-03-01'])).toThrow(/cannot start with SentForAppraisal/);
  });
});

describe('clocks per regime and per document (lifecycle.md, "Deadlines (clocks)")', () => {
  const meetingSet = (meetingDate: string) => event('MeetingDateSet', { meetingDate });
  const withRegime = (regime: '2016' | '2021' | '2025') => {
    const e = assigned();
    return { ...e, data: { ...e.data, regime } } as typeof e;
  };

  it('given a 2016 draft planned for a UBND meeting, when sent for appraisal, then the report is due 10 days before the meeting (Art 121(3), 130)', () => {
    const clock = clockNamed(
      given([[assigned({ meetingDate: '2019-06-20' }), '2019-01-02']]).when([sent, '2019-05-20']),
      'appraisal_report',
    );
    expect(clock).toMatchObject({ regime: '2016', dueDate: '2019-06-10' });
  });

  it('given a 2016 meeting set after assignment, when sent, then the report is due 10 days before it, never rolled forward past a Saturday', () => {
    // 10 days before Tuesday 2019-06-25 is Saturday 2019-06-15: rolling to Monday would cut the lead time.
    const steps = given([inProgramme, [meetingSet('2019-06-25'), '2019-03-01']]);
    expect(clockNamed(steps.when([sent, '2019-05-20']), 'appraisal_report').dueDate).toBe('2019-06-15');
  });

  it('given a 2016 draft with no meeting set, when sent, then the report is due 10 days after sending (unverified fallback)', () => {
    expect(clockNamed(given([inProgramme]).when([sent, '2019-03-01']), 'appraisal_report').dueDate).toBe(
      '2019-03-11',
    );
  });

  it('given a simplified 2016 draft planned for a meeting, when sent, then the report is due 7 days after sending (Art 148)', () => {
    const steps = given([[assigned({ meetingDate: '2019-06-20', simplified: true }), '2019-01-02']]);
    expect(clockNamed(steps.when([sent, '2019-05-20']), 'appraisal_report').dueDate).toBe('2019-05-27');
  });

  it('given a document fixed in regime 2016, when a clock starts in 2021, then it follows 2016 (the document regime)', () => {
    const steps = given([[withRegime('2016'), '2020-12-30']]);
    expect(clockNamed(steps.when([sent, '2021-02-01']), 'appraisal_report').regime).toBe('2016');
  });

  it('given a document moved to regime 2021, when a clock starts, then it follows 2021', () => {
    const moved = event('RegimeChanged', { regime: '2021', fromRegime: '2016', reason: 'chuyển tiếp' });
    const steps = given([
      [withRegime('2016'), '2020-12-30'],
      [moved, '2021-01-05'],
      [sent, '2021-02-01'],
    ]);
    expect(clockNamed(steps.when([accepted, '2021-02-02']), 'appraisal_report').regime).toBe('2021');
  });

  it('given a 2021 dossier sent, then only the dossier check runs: due 5 working days later (unverified), the appraiser reminded the working day before', () => {
    // Sent Friday 2021-03-05: Mon 8 … Fri 12 are the five working days.
    const { changes } = given([[withRegime('2021'), '2021-01-05']]).when([sent, '2021-03-05']);
    expect(lines(changes)).toEqual(['opened dossier_check']);
    expect(changes[0].clock).toMatchObject({
      dueDate: '2021-03-12',
      reminders: [{ n: 1, at: vn('2021-03-11T08:00'), roles: ['appraiser'] }],
      escalation: { roles: ['appraiser'] },
    });
  });

  it('given a 2021 dossier, when the appraiser accepts it, then the check is met and the report is due 15 days from acceptance (Art 121, 130 as amended 2020)', () => {
    const steps = given([
      [withRegime('2021'), '2021-01-05'],
      [sent, '2021-03-05'],
    ]);
    const { changes } = steps.when([accepted, '2021-03-09']);
    expect(lines(changes)).toEqual(['stopped met dossier_check', 'opened appraisal_report']);
    expect(changes[1].clock).toMatchObject({ regime: '2021', dueDate: '2021-03-24' });
  });

  it('given a simplified 2021 dossier, when accepted, then the report is due 7 days from acceptance (Art 148)', () => {
    const simplified = assigned({ simplified: true });
    const steps = given([
      [{ ...simplified, data: { ...simplified.data, regime: '2021' } } as typeof simplified, '2021-01-05'],
      [sent, '2021-03-05'],
    ]);
    expect(clockNamed(steps.when([accepted, '2021-03-09']), 'appraisal_report').dueDate).toBe('2021-03-16');
  });

  it('given a 2025 dossier, when accepted, then the report is due after the configured days (unverified)', () => {
    const book = statutoryRules({ ...DEFAULT_UNVERIFIED_SETTINGS, appraisalDays2025: 20 });
    const steps = given(
      [
        [withRegime('2025'), '2025-05-05'],
        [sent, '2025-06-02'],
      ],
      book,
    );
    expect(clockNamed(steps.when([accepted, '2025-06-03']), 'appraisal_report').dueDate).toBe('2025-06-23');
  });

  it('given a 2016 dossier, when accepted, then the appraisal clock started on sending runs on', () => {
    const steps = given([inProgramme, [sent, '2019-03-01']]);
    const { changes } = steps.when([accepted, '2019-03-04']);
    expect(lines(changes)).toEqual(['stopped met dossier_check']);
  });

  it('given a simplified document, when it is signed, then it is due in the Gazette 3 days after signing (Art 151(2))', () => {
    const issued = event('Issued', {
      documentNumber: '05/2019/QĐ-UBND',
      signingDate: '2019-04-15',
      effectiveDate: '2019-04-15',
    });
    const simplified = given([[assigned({ simplified: true }), '2019-01-02']]).when([issued, '2019-04-15']);
    expect(clockNamed(simplified, 'gazette_publication').dueDate).toBe('2019-04-18');
    const standard = given([[assigned(), '2019-01-02']]).when([issued, '2019-04-15']);
    expect(clockNamed(standard, 'gazette_publication').dueDate).toBe('2019-04-25');
  });
});

// lifecycle.md, "Decisions of the Chair" (Decree 187/2025 Art 51a): posted at least 10 days; the
// four departments answer within 7 days, 3 if simplified.
describe('clocks of a decision of the Chair', () => {
  const chair = (simplified = false) => {
    const e = assigned({ simplified });
    return { ...e, data: { ...e.data, kind: 'chair_decision', regime: '2025', year: 2025 } } as typeof e;
  };
  const opened = event('ConsultationOpened', { openedAt: '2025-08-04' });
  const answered = event('DepartmentsAnswered', {});
  const closed = event('ConsultationClosed', { closedAt: '2025-08-14' });

  it('given a Chair decision posted, then the minimum is 10 days and the departments have 7 days to answer', () => {
    const { changes } = given([[chair(), '2025-07-15']]).when([opened, '2025-08-04']);
    expect(lines(changes)).toEqual(['opened consultation_minimum', 'opened department_answers']);
    expect(
      clockNamed(
        {
          state: given([
            [chair(), '2025-07-15'],
            [opened, '2025-08-04'],
          ]).state,
        },
        'consultation_minimum',
      ),
    ).toMatchObject({
      dueDate: '2025-08-14',
    });
    expect(changes[1].clock).toMatchObject({
      dueDate: '2025-08-11',
      reminders: [{ roles: ['drafter'] }],
      escalation: { roles: ['drafting_lead'] },
    });
  });

  it('given a simplified Chair decision posted, then the departments have 3 days', () => {
    const { changes } = given([[chair(true), '2025-07-15']]).when([opened, '2025-08-04']);
    expect(changes.find((c) => c.clock.name === 'department_answers')?.clock.dueDate).toBe('2025-08-07');
  });

  it('given the four answers, then the answer clock is met; a committee decision never starts one', () => {
    const steps = given([
      [chair(), '2025-07-15'],
      [opened, '2025-08-04'],
    ]);
    expect(lines(steps.when([answered, '2025-08-08']).changes)).toEqual(['stopped met department_answers']);
    const posted = event('ConsultationOpened', { openedAt: '2019-02-01' });
    const decision = given([[assigned(), '2019-01-02']]).when([posted, '2019-02-01']);
    expect(lines(decision.changes)).toEqual(['opened consultation_minimum']);
    expect(clockNamed(decision, 'consultation_minimum').dueDate).toBe('2019-03-03');
  });

  it('given answers missing, when the consultation closes after the 7 days, then the answer clock stopped missed', () => {
    const steps = given([
      [chair(), '2025-07-15'],
      [opened, '2025-08-04'],
    ]);
    expect(lines(steps.when([closed, '2025-08-14']).changes)).toEqual([
      'stopped met consultation_minimum',
      'stopped missed department_answers',
    ]);
  });
});
