import type { Role } from '#drafting';
import { mayReadReport } from './report.access.js';

const as = (role: Role, agency = 'so-khcn') => ({ userId: 'u', agency, roles: [role] });

describe('who may read a programme report', () => {
  it.each([
    ['inspector', 'so-noi-vu', true],
    ['committee_office', 'vp-ubnd', true],
    ['drafter', 'so-khcn', true],
    ['drafting_lead', 'so-khcn', true],
    ['drafter', 'so-y-te', false],
    ['drafting_lead', 'so-y-te', false],
    ['appraiser', 'so-khcn', false],
    ['council_office', 'so-khcn', false],
    ['admin', 'so-khcn', false],
  ] as const)('%s of %s: %s', (role, agency, may) => {
    expect(mayReadReport(as(role, agency), 'so-khcn')).toBe(may);
  });
});
