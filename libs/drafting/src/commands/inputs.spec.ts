import { commandSchemas } from './index.js';

const assign = {
  kind: 'committee_decision',
  title: 'Quy định',
  agency: 'sokhcn',
  procedure: 'standard',
  origin: 'programme',
  year: 2019,
  plannedMonth: '2019-06',
};
const ok = (name: keyof typeof commandSchemas, body: unknown) => commandSchemas[name].safeParse(body).success;

describe('command body schemas', () => {
  it('accepts a valid assignment and trims and NFC-normalises its title', () => {
    const decomposed = '  Quyết định về quản lý '.normalize('NFD');
    const parsed = commandSchemas.AssignDraft.parse({ ...assign, title: decomposed });
    expect(parsed.title).toBe('Quyết định về quản lý'.normalize('NFC'));
    expect(parsed.title).not.toBe(decomposed.trim());
  });
  it('rejects unknown keys', () => {
    expect(ok('AssignDraft', { ...assign, extra: 1 })).toBe(false);
    expect(ok('Submit', { note: 'x' })).toBe(false);
    expect(ok('Submit', {})).toBe(true);
  });
  it('needs a planned month in `year` exactly for a programme draft', () => {
    expect(ok('AssignDraft', { ...assign, plannedMonth: undefined })).toBe(false);
    expect(ok('AssignDraft', { ...assign, plannedMonth: '2020-01' })).toBe(false);
    expect(ok('AssignDraft', { ...assign, plannedMonth: '2019-13' })).toBe(false);
    expect(ok('AssignDraft', { ...assign, origin: 'additional' })).toBe(false);
    expect(ok('AssignDraft', { ...assign, origin: 'additional', plannedMonth: undefined })).toBe(true);
  });
  it('bounds the title, agency and year', () => {
    expect(ok('AssignDraft', { ...assign, title: '   ' })).toBe(false);
    expect(ok('AssignDraft', { ...assign, title: 'a'.repeat(500) })).toBe(true);
    expect(ok('AssignDraft', { ...assign, title: 'a'.repeat(501) })).toBe(false);
    expect(ok('AssignDraft', { ...assign, agency: 'Sở KH' })).toBe(false);
    expect(ok('AssignDraft', { ...assign, agency: 'a'.repeat(65) })).toBe(false);
    expect(ok('AssignDraft', { ...assign, year: 1999 })).toBe(false);
  });
  it('rejects NUL characters and lone surrogates in text', () => {
    expect(ok('Withdraw', { reason: 'a\u0000b' })).toBe(false);
    expect(ok('Withdraw', { reason: 'a\uD800b' })).toBe(false);
    expect(ok('Withdraw', { reason: 'a\uDC00' })).toBe(false);
    expect(ok('Withdraw', { reason: 'emoji 😀 ok' })).toBe(true);
  });
  it('accepts only real dates', () => {
    expect(ok('Table', { sessionDate: '2019-02-29' })).toBe(false);
    expect(ok('Table', { sessionDate: '2020-02-29' })).toBe(true);
    expect(ok('Table', { sessionDate: '2019-7-1' })).toBe(false);
    expect(ok('Table', { sessionDate: '2019-07-01T00:00:00Z' })).toBe(false);
  });
  it('Postpone takes exactly one of meetingDate and sessionDate', () => {
    expect(ok('Postpone', {})).toBe(false);
    expect(ok('Postpone', { meetingDate: '2019-07-01', sessionDate: '2019-07-01' })).toBe(false);
    expect(ok('Postpone', { sessionDate: '2019-07-01' })).toBe(true);
  });
  it('requires reasons where the law expects one', () => {
    for (const name of ['ReturnDossier', 'ReturnForRevision', 'Reject', 'Withdraw'] as const)
      expect(ok(name, {})).toBe(false);
  });
});
