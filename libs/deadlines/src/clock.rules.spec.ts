import { CLOCK_NAMES } from './rule.types.js';
import { STATUTORY_RULES, TEST_RULES } from './clock.rules.js';

describe('clock rules', () => {
  it('given the statutory book, then the appraisal takes 10 days, 7 when simplified, in every regime', () => {
    for (const set of Object.values(STATUTORY_RULES.regimes)) {
      const rule = set.clocks.appraisal_report;
      expect([rule.due, rule.dueIfSimplified]).toMatchObject([
        { duration: { unit: 'calendar_days', amount: 10 } },
        { duration: { unit: 'calendar_days', amount: 7 } },
      ]);
    }
  });

  it('given either book, then every deadline escalates to someone and every minimum to nobody', () => {
    for (const book of [STATUTORY_RULES, TEST_RULES])
      for (const set of Object.values(book.regimes))
        for (const name of CLOCK_NAMES) {
          const rule = set.clocks[name];
          if (rule.kind === 'deadline') expect(rule.escalation?.roles.length).toBeGreaterThan(0);
          else expect(rule.escalation).toBeUndefined();
          expect(rule.cancelledBy).toContain('Withdrawn');
        }
  });

  it('given the test book, then every duration is in seconds and starts, stops and roles match the statute', () => {
    const statute = STATUTORY_RULES.regimes['2021'].clocks;
    for (const set of Object.values(TEST_RULES.regimes))
      for (const name of CLOCK_NAMES) {
        const rule = set.clocks[name];
        const durations = [
          rule.due,
          rule.dueIfSimplified,
          ...rule.reminders.map((r) => ({ duration: r.before })),
        ];
        for (const d of durations) if (d && 'duration' in d) expect(d.duration.unit).toBe('seconds');
        expect([rule.startsOn, rule.stopsOn, rule.reminders.map((r) => r.roles)]).toEqual([
          statute[name].startsOn,
          statute[name].stopsOn,
          statute[name].reminders.map((r) => r.roles),
        ]);
      }
  });
});
