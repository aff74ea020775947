import { reportQuerySchema } from './report-query.schema.js';

describe('reportQuerySchema', () => {
  const query = { agency: 'so-khcn', year: '2019' };

  it('refuses a date of the right shape that does not exist (a 400, never a throw)', () => {
    for (const asOf of ['0000-00-00', '2019-13-01', '2019-02-30', '2019-00-10'])
      expect(reportQuerySchema.safeParse({ ...query, asOf }).success).toBe(false);
  });

  it('reads a real date as the end of that day in Viet Nam', () => {
    expect(reportQuerySchema.parse({ ...query, asOf: '2019-02-28' }).asOf).toBe('2019-02-28T16:59:59.999Z');
  });
});
