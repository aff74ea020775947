import { escalationKey, reminderKey } from './deadline.events.js';
import { clockIdOf, escalationJobId, jobsOf, reminderJobId } from './deadline.jobs.js';
import { assigned, clockNamed, given } from './testing/clock.given.js';

const ID = '6f1c2a9e-0b7d-4c1e-9f3a-2d5b8e7c4a10';

describe('deadline job ids and keys', () => {
  it('given a document id, then clock, job and event keys are deterministic and free of ":"', () => {
    const clockId = clockIdOf(ID, 'appraisal_report', 2);
    expect(clockId).toBe(`${ID}.appraisal_report.2`);
    expect(reminderJobId(clockId, 1)).toBe(`reminder-${ID}.appraisal_report.2-1`);
    expect(escalationJobId(clockId)).toBe(`escalation-${ID}.appraisal_report.2`);
    expect(reminderKey(clockId, 1)).toBe(`${ID}.appraisal_report.2.reminder.1`);
    expect(escalationKey(clockId)).toBe(`${ID}.appraisal_report.2.escalation`);
  });

  it('given a document id with ":" in it, then the clock id encodes it, and distinctly from "%3A"', () => {
    expect(clockIdOf('a:b', 'gazette_dispatch', 1)).toBe('a%3Ab.gazette_dispatch.1');
    expect(clockIdOf('a%3Ab', 'gazette_dispatch', 1)).not.toBe(clockIdOf('a:b', 'gazette_dispatch', 1));
  });

  it('given an open clock, then it needs a job per reminder and one for its escalation', () => {
    const clock = clockNamed(
      given([]).when([assigned({ plannedMonth: '2019-06' }), '2019-01-02']),
      'programme_submission',
    );
    expect(jobsOf(clock).map((j) => [j.kind, j.at])).toEqual([
      ['reminder', '2019-06-14T01:00:00.000Z'],
      ['reminder', '2019-06-27T01:00:00.000Z'],
      ['escalation', '2019-06-30T17:00:00.000Z'],
    ]);
    expect(jobsOf({ ...clock, status: 'cancelled' })).toEqual([]);
  });
});
