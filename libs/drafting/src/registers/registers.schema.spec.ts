import { registerSchemas } from './registers.schema.js';

const review = { reviewedDocument: '15/2012/QĐ-UBND', outcome: 'keep', reviewedOn: '2019-03-04', year: 2019 };
const ok = (name: keyof typeof registerSchemas, body: unknown) =>
  registerSchemas[name].safeParse(body).success;

describe('register body schemas', () => {
  it('accepts a review and NFC-normalises and trims the reviewed document', () => {
    const parsed = registerSchemas.RecordReview.parse({
      ...review,
      reviewedDocument: ' Quyết định '.normalize('NFD'),
    });
    expect(parsed.reviewedDocument).toBe('Quyết định'.normalize('NFC'));
  });
  it('rejects unknown fields, an unknown outcome, a date outside the year, NUL', () => {
    expect(ok('RecordReview', { ...review, agency: 'sotc' })).toBe(false);
    expect(ok('RecordReview', { ...review, outcome: 'burn' })).toBe(false);
    expect(ok('RecordReview', { ...review, reviewedOn: '2020-01-02' })).toBe(false);
    expect(ok('RecordReview', { ...review, reviewedOn: '2019-02-30' })).toBe(false);
    expect(ok('RecordReview', { ...review, reviewedDocument: 'a\u0000b' })).toBe(false);
    expect(ok('RecordReview', { ...review, year: '2019' })).toBe(false);
  });
  it('takes a business date on every register command', () => {
    expect(ok('RecordReview', { ...review, occurredOn: '2019-03-05' })).toBe(true);
    expect(ok('RecordReview', { ...review, occurredOn: '2019-02-30' })).toBe(false);
    const entry = { agency: 'so-khcn', year: 2019, title: 'Luật', occurredOn: '2019-01-08' };
    expect(ok('RegisterImplementation', entry)).toBe(true);
    expect(ok('RegisterImplementation', { ...entry, occurredOn: '08/01/2019' })).toBe(false);
    expect(ok('RecordImplementationStatus', { status: 'done', occurredOn: '2019-06-14' })).toBe(true);
    expect(ok('RecordImplementationStatus', { status: 'done', occurredOn: 20190614 })).toBe(false);
  });

  it('bounds an implementation entry', () => {
    const entry = { agency: 'so-khcn', year: 2019, title: 'Luật', dueOn: '2019-12-31' };
    expect(ok('RegisterImplementation', entry)).toBe(true);
    expect(ok('RegisterImplementation', { ...entry, agency: 'Sở' })).toBe(false);
    expect(ok('RegisterImplementation', { ...entry, status: 'done' })).toBe(false);
    expect(ok('RecordImplementationStatus', { status: 'done' })).toBe(true);
    expect(ok('RecordImplementationStatus', { status: 'finished' })).toBe(false);
    expect(ok('RecordImplementationStatus', {})).toBe(false);
  });
});
