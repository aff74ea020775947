import { COMMAND_LABELS, COMMAND_NAMES, commandFromKebab, kebabCase } from './commands/index.js';
import { STAGE_LABELS } from './labels.js';
import { regimeAt, RULES } from './regime.rules.js';
import { STAGES } from './draft.types.js';

describe('command names', () => {
  it('round-trip through kebab case', () => {
    expect(kebabCase('SendForAppraisal')).toBe('send-for-appraisal');
    expect(commandFromKebab('record-publication')).toBe('RecordPublication');
    for (const name of COMMAND_NAMES) expect(commandFromKebab(kebabCase(name))).toBe(name);
    expect(commandFromKebab('SendForAppraisal')).toBeUndefined();
    expect(commandFromKebab('constructor')).toBeUndefined();
  });
  it('every stage and command has a Vietnamese and an English label', () => {
    for (const s of STAGES) expect(STAGE_LABELS[s].vi && STAGE_LABELS[s].en).toBeTruthy();
    for (const c of COMMAND_NAMES) expect(COMMAND_LABELS[c].vi && COMMAND_LABELS[c].en).toBeTruthy();
  });
});

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
