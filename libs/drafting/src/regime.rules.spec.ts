import { regimeAt, RULES } from './regime.rules.js';

describe('regimes', () => {
  it('are chosen by the date a clock starts', () => {
    expect(regimeAt('2019-08-16')).toBe('2016');
    expect(regimeAt('2020-12-31')).toBe('2016');
    expect(regimeAt('2021-01-01')).toBe('2021');
    expect(regimeAt('2025-03-31T23:00:00Z')).toBe('2021');
    expect(regimeAt('2025-04-01')).toBe('2025');
    expect(RULES['2016'].consultationMinimumDays).toBe(30);
  });
});
