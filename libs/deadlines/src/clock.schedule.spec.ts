// Due dates and reminder instants, through evolveClocks as the projection will call it.
import { event } from '#drafting';
import { STATUTORY_RULES, TEST_RULES } from './clock.rules.js';
import { rescheduled } from './clock.schedule.js';
import { VIETNAM_HOLIDAYS } from './holidays/holidays.data.js';
import type { RuleBook } from './rule.types.js';
import { VIETNAM_CALENDAR, WorkingCalendar } from './working.calendar.js';
import { assigned, clockNamed, given, vn } from './testing/clock.given.js';

const sent = event('SentForAppraisal', {});
const issuedOn = (signingDate: string) =>
  event('Issued', { documentNumber: '05/2019/QĐ-UBND', signingDate, effectiveDate: '2019-12-31' });

/** The statutory book with the appraisal counted in working days, as some provinces do. */
const WORKING_DAY_APPRAISAL: RuleBook = {
  ...STATUTORY_RULES,
  regimes: Object.fromEntries(
    Object.entries(STATUTORY_RULES.regimes).map(([regime, set]) => [
      regime,
      {
        ...set,
        clocks: {
          ...set.clocks,
          appraisal_report: {
            ...set.clocks.appraisal_report,
            due: { kind: 'after_start', duration: { unit: 'working_days', amount: 10 } },
          },
        },
      },
    ]),
  ) as RuleBook['regimes'],
};

describe('clock schedules', () => {
  it('given an appraisal sent on 31 Jan 2019, when 10 calendar days end in Tết, then it rolls to 11 Feb', () => {
    const clock = clockNamed(
      given([[assigned(), '2019-01-02']]).when([sent, '2019-01-31']),
      'appraisal_report',
    );
    expect(clock).toMatchObject({ dueDate: '2019-02-11', dueAt: '2019-02-11T17:00:00.000Z', regime: '2016' });
  });

  it('given an appraisal in 10 working days sent on 31 Jan 2019, then Tết is skipped: due 21 Feb', () => {
    const steps = given([[assigned(), '2019-01-02']], WORKING_DAY_APPRAISAL);
    expect(clockNamed(steps.when([sent, '2019-01-31']), 'appraisal_report').dueDate).toBe('2019-02-21');
  });

  it('given a simplified draft, then the appraisal is due in 7 days', () => {
    const clock = clockNamed(
      given([[assigned({ simplified: true }), '2019-03-01']]).when([sent, '2019-03-04']),
      'appraisal_report',
    );
    expect(clock.dueDate).toBe('2019-03-11');
  });

  it('given a document signed on a Wednesday, when its 3 days end on Saturday, then dispatch is due Monday', () => {
    const clock = clockNamed(
      given([[assigned(), '2019-03-01']]).when([issuedOn('2019-03-13'), '2019-03-13']),
      'gazette_dispatch',
    );
    expect(clock.dueDate).toBe('2019-03-18');
  });

  it('given a due date on the swapped day before 30 April, then it rolls past the holidays to 2 May', () => {
    const evolution = given([[assigned(), '2019-03-01']]).when([issuedOn('2019-04-26'), '2019-04-26']);
    expect(clockNamed(evolution, 'gazette_dispatch').dueDate).toBe('2019-05-02');
    expect(clockNamed(evolution, 'gazette_publication').dueDate).toBe('2019-05-06');
  });

  it('given a planned month, then the submission is due at the end of its last day, not rolled', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2019-06' }), '2019-01-02']),
      'programme_submission',
    );
    expect(clock).toMatchObject({ dueDate: '2019-06-30', dueAt: '2019-06-30T17:00:00.000Z' });
    expect(clock.escalation).toEqual({
      at: '2019-06-30T17:00:00.000Z',
      roles: ['drafting_lead', 'inspector'],
    });
  });

  it('given reminders 14 and 3 days before, then they come at 08:00 local, a Sunday moved to Friday', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2019-06' }), '2019-01-02']),
      'programme_submission',
    );
    expect(clock.reminders).toEqual([
      { n: 1, at: vn('2019-06-14T08:00'), roles: ['drafting_lead'] },
      { n: 2, at: vn('2019-06-27T08:00'), roles: ['drafting_lead'] },
    ]);
  });

  it('given a clock started after its first reminder time, then that reminder is left out', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2019-06' }), '2019-06-20']),
      'programme_submission',
    );
    expect(clock.reminders.map((r) => r.n)).toEqual([2]);
  });

  it('given February of a leap year as planned month, then it ends on the 29th', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2020-02' }), '2020-01-02']),
      'programme_submission',
    );
    expect(clock.dueDate).toBe('2020-02-29');
  });

  it('given no planned month, then no programme clock starts, under either book', () => {
    expect(given([]).when([assigned(), '2019-01-02']).changes).toEqual([]);
    expect(given([], TEST_RULES).when([assigned(), '2019-01-02']).changes).toEqual([]);
  });

  it('given a UBND meeting on 20 June, then the dossier is due 20 days before, on 31 May', () => {
    const clock = clockNamed(
      given([]).when([assigned({ meetingDate: '2019-06-20' }), '2019-01-02']),
      'dossier_before_meeting',
    );
    expect(clock).toMatchObject({ dueDate: '2019-05-31', dueAt: '2019-05-31T17:00:00.000Z' });
    expect(clock.reminders).toEqual([{ n: 1, at: vn('2019-05-24T08:00'), roles: ['drafting_lead'] }]);
  });

  it('given a consultation opened on 1 Feb, then it may close from 3 Mar, as the drafting guard allows', () => {
    const opened = event('ConsultationOpened', { openedAt: '2019-02-01' });
    const clock = clockNamed(
      given([[assigned(), '2019-01-02']]).when([opened, '2019-02-01']),
      'consultation_minimum',
    );
    expect(clock).toMatchObject({ kind: 'minimum', dueDate: '2019-03-03', dueAt: vn('2019-03-03T00:00') });
    expect(clock.reminders).toEqual([{ n: 1, at: vn('2019-03-03T08:00'), roles: ['drafter'] }]);
    expect(clock.escalation).toBeUndefined();
  });

  it('given a 2028 programme assigned in late 2027 (no 2028 holiday data), then the clock opens provisional', () => {
    const evolution = given([]).when([assigned({ plannedMonth: '2028-06' }), '2027-11-20']);
    const clock = clockNamed(evolution, 'programme_submission');
    // Counted on weekends alone: Fri 16 and Tue 27 June 2028 are taken to be working days.
    expect(clock).toMatchObject({ status: 'open', dueDate: '2028-06-30' });
    expect(clock.reminders.map((r) => r.at)).toEqual([vn('2028-06-16T08:00'), vn('2028-06-27T08:00')]);
    expect(clock.provisional).toEqual({
      years: [2028],
      facts: { occurredAt: vn('2027-11-20'), data: { plannedMonth: '2028-06' }, procedure: 'standard' },
    });
    expect(evolution.changes).toMatchObject([{ type: 'opened', clock: { provisional: { years: [2028] } } }]);
  });

  it('given a clock with holiday data for every year it touches, then it is not provisional', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2027-06' }), '2026-11-20']),
      'programme_submission',
    );
    expect(clock.provisional).toBeUndefined();
  });

  it('given a provisional clock, when the 2028 data arrives, then it is computed again, sent reminders kept', () => {
    const start = given([]).when([assigned({ plannedMonth: '2028-06' }), '2027-11-20']);
    const clock = clockNamed(start, 'programme_submission');
    const sent = { ...clock, reminders: clock.reminders.map((r) => (r.n === 2 ? { ...r, sentAt: 'x' } : r)) };
    // 2028 with a day off on Fri 16 June: the first reminder moves to Thursday 15.
    const y2028 = {
      year: 2028,
      source: 'derived' as const,
      note: 'spec',
      days: [{ date: '2028-06-16', kind: 'holiday' as const, name: 'x' }],
      workingDays: [],
    };
    const covered = new WorkingCalendar([...VIETNAM_HOLIDAYS, y2028]);
    const again = rescheduled(sent, STATUTORY_RULES, covered)!;
    expect(again.provisional).toBeUndefined();
    expect(again.reminders).toEqual([
      { n: 1, at: vn('2028-06-15T08:00'), roles: ['drafting_lead'] },
      { n: 2, at: vn('2028-06-27T08:00'), roles: ['drafting_lead'], sentAt: 'x' },
    ]);
    expect(again).toMatchObject({ clockId: clock.clockId, status: 'open', dueDate: '2028-06-30' });
    // Exactly what a fold with the new calendar gives (but for what was sent).
    const fresh = clockNamed(
      given([], STATUTORY_RULES, covered).when([assigned({ plannedMonth: '2028-06' }), '2027-11-20']),
      'programme_submission',
    );
    expect({ ...again, reminders: fresh.reminders }).toEqual(fresh);
    // Still without data: nothing to do.
    expect(rescheduled(clock, STATUTORY_RULES, VIETNAM_CALENDAR)).toBeUndefined();
  });

  it('given the test rule set, then durations are seconds after the start instant', () => {
    const steps = given([[assigned({ simplified: false }), '2019-03-01']], TEST_RULES);
    const clock = clockNamed(steps.when([sent, '2019-03-04T09:00:00']), 'appraisal_report');
    expect(clock).toMatchObject({ dueAt: vn('2019-03-04T09:00:20'), dueDate: '2019-03-04' });
    expect(clock.reminders).toEqual([{ n: 1, at: vn('2019-03-04T09:00:15'), roles: ['appraiser'] }]);
    expect(clock.escalation?.at).toBe(vn('2019-03-04T09:00:20'));
  });

  it('given the test rule set and a simplified draft, then the appraisal is due in half the seconds', () => {
    const steps = given([[assigned({ simplified: true }), '2019-03-01']], TEST_RULES);
    expect(clockNamed(steps.when([sent, '2019-03-04T09:00:00']), 'appraisal_report').dueAt).toBe(
      vn('2019-03-04T09:00:10'),
    );
  });
});
