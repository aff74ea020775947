import { bodyOf, fieldsOf } from './forms.js';
import {
  commandLabel,
  DICTS,
  dueBadge,
  formatInstant,
  formatLocalDate,
  parseDate,
  parseMonth,
} from './i18n.js';

describe('the web interface words and forms', () => {
  it('writes the due badges of the issue in Vietnamese, and their English', () => {
    expect(dueBadge('vi', { days: 3, overdue: false })).toBe('còn 3 ngày');
    expect(dueBadge('vi', { days: 2, overdue: true })).toBe('quá hạn 2 ngày');
    expect(dueBadge('vi', { days: 0, overdue: false })).toBe('hạn hôm nay');
    expect(dueBadge('en', { days: 1, overdue: true })).toBe('1 day overdue');
  });

  it('reads and writes dates dd/mm/yyyy, in Viet Nam time', () => {
    expect(parseDate('16/08/2019')).toBe('2019-08-16');
    expect(parseDate('31/02/2019')).toBeUndefined();
    expect(parseMonth('8/2019')).toBe('2019-08');
    expect(formatInstant('2019-08-16T17:30:00.000Z')).toBe('17/08/2019 00:30');
    expect(formatLocalDate('2019-08-16T17:30:00.000Z')).toBe('17/08/2019');
  });

  it('has every word in both languages', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v).map((x) => `${k}.${x}`) : [k]));
    expect(keys(DICTS.en).sort()).toEqual(keys(DICTS.vi).sort());
    expect(commandLabel('Start drafting (Bắt đầu soạn thảo)', 'start-drafting', 'vi')).toBe(
      'Bắt đầu soạn thảo',
    );
  });

  it('makes a form from a command body schema and a body from what was typed', () => {
    const fields = fieldsOf({
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: ['fit', 'not_fit'] },
        reportNumber: { type: 'string', maxLength: 64 },
        reportDate: { type: 'string' },
      },
      required: ['outcome', 'reportNumber', 'reportDate'],
    });
    expect(fields.map((f) => f.kind)).toEqual(['select', 'text', 'date']);
    expect(
      bodyOf(fields, { outcome: 'fit', reportNumber: '12/BC-STP', reportDate: '05/07/2019' }, 'vi'),
    ).toEqual({
      body: { outcome: 'fit', reportNumber: '12/BC-STP', reportDate: '2019-07-05' },
    });
    expect(bodyOf(fields, { outcome: 'fit', reportNumber: '', reportDate: '2019-07-05' }, 'en')).toEqual({
      errors: { reportNumber: 'Required.', reportDate: 'Write the date as dd/mm/yyyy, a real date.' },
    });
  });
});
