import type { Clock } from '../clock.types.js';
import { TEST_RULES } from '../clock.rules.js';
import { allJobIdsOf, outboxRowsOf } from './deadlines.projection.js';
import { ruleBookFor } from './rule-book.js';

const clock: Clock = {
  clockId: 'doc-1.appraisal_report.1',
  documentId: 'doc-1',
  agency: 'so-khcn',
  name: 'appraisal_report',
  n: 1,
  kind: 'deadline',
  regime: '2016',
  startedAt: '2019-02-01T03:00:00.000Z',
  dueDate: '2019-02-18',
  dueAt: '2019-02-18T17:00:00.000Z',
  status: 'open',
  reminders: [{ n: 1, at: '2019-02-14T01:00:00.000Z', roles: ['appraiser'] }],
  escalation: { at: '2019-02-18T17:00:00.000Z', roles: ['appraiser', 'drafting_lead'] },
};

describe('the outbox of the deadlines projection', () => {
  it('adds a job per pending reminder and the escalation when a clock opens, ids without ":"', () => {
    expect(outboxRowsOf([{ type: 'opened', clock }])).toEqual([
      [
        'add',
        'reminder-doc-1.appraisal_report.1-1',
        'reminder',
        clock.clockId,
        1,
        '2019-02-14T01:00:00.000Z',
      ],
      [
        'add',
        'escalation-doc-1.appraisal_report.1',
        'escalation',
        clock.clockId,
        null,
        '2019-02-18T17:00:00.000Z',
      ],
    ]);
    expect(allJobIdsOf(clock).every((id) => !id.includes(':'))).toBe(true);
  });

  it('removes every job of a clock that stops or is missed', () => {
    const stopped = { ...clock, status: 'met' as const };
    const removes = outboxRowsOf([
      { type: 'stopped', status: 'met', clock: stopped },
      { type: 'missed', clock: stopped },
    ]);
    expect(removes.map((r) => [r[0], r[1]])).toEqual([
      ['remove', 'reminder-doc-1.appraisal_report.1-1'],
      ['remove', 'escalation-doc-1.appraisal_report.1'],
      ['remove', 'reminder-doc-1.appraisal_report.1-1'],
      ['remove', 'escalation-doc-1.appraisal_report.1'],
    ]);
  });
});

describe('the test rule book, scaled', () => {
  it('multiplies every duration in seconds and leaves the statutory book alone', () => {
    const rule = ruleBookFor('test', 0.1).regimes['2021'].clocks.appraisal_report;
    const base = TEST_RULES.regimes['2021'].clocks.appraisal_report;
    expect(rule.due).toEqual({ kind: 'after_start', duration: { unit: 'seconds', amount: 2 } });
    expect(base.due).toEqual({ kind: 'after_start', duration: { unit: 'seconds', amount: 20 } });
    expect(rule.reminders[0].before.amount).toBeCloseTo(0.5);
    expect(ruleBookFor('statutory', 0.1).name).toBe('statutory');
  });
});
