import { CLOCK_NAMES } from './rule.types.js';
import { DEFAULT_UNVERIFIED_SETTINGS, STATUTORY_RULES, statutoryRules, TEST_RULES } from './clock.rules.js';

describe('clock rules', () => {
  const days = (amount: number) => ({ duration: { unit: 'calendar_days', amount } });
  it('given the statutory book, then the appraisal of 2016 counts back 10 days from the UBND meeting, from sending (Art 121(3), 130 of the 2015 text)', () => {
    const rule = STATUTORY_RULES.regimes['2016'].clocks.appraisal_report;
    expect(rule.startsOn.event).toBe('SentForAppraisal');
    expect(rule.due).toMatchObject({ kind: 'before_date', field: 'meetingDate', ...days(10) });
  });
  it('given the statutory book, then the appraisal of 2021 counts 15 days from the dossier accepted complete (Art 121, 130 as amended 2020)', () => {
    const rule = STATUTORY_RULES.regimes['2021'].clocks.appraisal_report;
    expect(rule.startsOn.event).toBe('DossierAccepted');
    expect(rule.due).toMatchObject({ kind: 'after_start', ...days(15) });
  });
  it('given the statutory book, then the appraisal of 2025 counts from acceptance for the configured number of days (unverified)', () => {
    const rule = STATUTORY_RULES.regimes['2025'].clocks.appraisal_report;
    expect(rule.startsOn.event).toBe('DossierAccepted');
    expect(rule.due).toMatchObject(days(DEFAULT_UNVERIFIED_SETTINGS.appraisalDays2025));
    expect(rule.basis).toContain('unverified');
    const configured = statutoryRules({ ...DEFAULT_UNVERIFIED_SETTINGS, appraisalDays2025: 20 });
    expect(configured.regimes['2025'].clocks.appraisal_report.due).toMatchObject(days(20));
    expect(configured.regimes['2021'].clocks.appraisal_report.due).toMatchObject(days(15));
  });
  it('given the statutory book, then a simplified appraisal takes 7 days in every regime (Art 148)', () => {
    for (const set of Object.values(STATUTORY_RULES.regimes))
      expect(set.clocks.appraisal_report.dueIfSimplified).toMatchObject(days(7));
  });
  it('given the statutory book, then the Department of Justice has the configured working days to accept or return a dossier (unverified)', () => {
    for (const set of Object.values(STATUTORY_RULES.regimes)) {
      const rule = set.clocks.dossier_check;
      expect(rule.startsOn.event).toBe('SentForAppraisal');
      expect(rule.stopsOn).toEqual(expect.arrayContaining(['DossierAccepted', 'DossierReturned']));
      expect(rule.due).toMatchObject({
        duration: { unit: 'working_days', amount: DEFAULT_UNVERIFIED_SETTINGS.dossierCheckWorkingDays },
      });
      expect(rule.reminders.map((r) => r.roles)).toEqual([['appraiser']]);
    }
    const configured = statutoryRules({ ...DEFAULT_UNVERIFIED_SETTINGS, dossierCheckWorkingDays: 3 });
    expect(configured.regimes['2021'].clocks.dossier_check.due).toMatchObject({ duration: { amount: 3 } });
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
    for (const [regime, set] of Object.entries(TEST_RULES.regimes))
      for (const name of CLOCK_NAMES) {
        const statute = STATUTORY_RULES.regimes[regime as keyof typeof TEST_RULES.regimes].clocks;
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
