import {
  buildListQuery,
  decodeCursor,
  encodeCursor,
  visibleTo,
  type ListFilters,
} from './list-documents.sql.js';

const drafter = { userId: 'u', agency: 'so-khcn', roles: ['drafter'] as const };
const base: ListFilters = { sort: '-updatedAt', limit: 50 };

describe('list query building', () => {
  it('always scopes a drafter to the own agency, whatever the filters say', () => {
    const { text, params } = buildListQuery(
      { ...base, agency: 'so-y-te' },
      { ...drafter, roles: ['drafter'] },
      '2019-07',
    );
    expect(text).toMatch(/WHERE \(agency = \$1\) AND agency = \$2/);
    expect(params.slice(0, 2)).toEqual(['so-khcn', 'so-y-te']);
  });

  it('mirrors canSee role by role', () => {
    const param = () => '$1';
    const sql = (roles: string[]) => visibleTo({ userId: 'u', agency: 'a', roles: roles as never }, param);
    expect(sql(['inspector'])).toBe('(TRUE)');
    expect(sql(['committee_office'])).toBe('(TRUE)');
    expect(sql(['appraiser'])).toBe('(ever_sent_for_appraisal)');
    expect(sql(['council_office'])).toBe(`(kind = 'council_resolution')`);
    expect(sql(['admin'])).toBe('(FALSE)');
    expect(sql(['drafter', 'drafting_lead', 'appraiser'])).toBe('(agency = $1 OR ever_sent_for_appraisal)');
    expect(sql([])).toBe('FALSE');
  });

  it('searches the folded title with LIKE wildcards escaped', () => {
    const { params } = buildListQuery({ ...base, q: 'Quyết_định 100%' }, drafter, '2019-07');
    expect(params).toContain('%quyet\\_dinh 100\\%%');
  });

  it('keyset-paginates after the cursor in the sort direction', () => {
    const cursor = { sort: 'title' as const, key: 'Quy định', id: '3f1c8a52-9d0b-4c55-9a36-3a0e7c1d2b47' };
    const asc = buildListQuery({ ...base, sort: 'title', cursor }, drafter, '2019-07').text;
    expect(asc).toMatch(/\(document_status\.title, document_status\.id\) > \(\$2, \$3::uuid\)/);
    expect(asc).toMatch(/ORDER BY document_status\.title ASC, document_status\.id ASC LIMIT \$4/);
    const desc = buildListQuery(
      { ...base, cursor: { ...cursor, sort: '-updatedAt' } },
      drafter,
      '2019-07',
    ).text;
    expect(desc).toMatch(
      /\(document_status\.updated_at, document_status\.id\) < \(\$2::timestamptz, \$3::uuid\)/,
    );
  });

  it('asks for one row more than the page, to know whether another follows', () => {
    const { params } = buildListQuery({ ...base, limit: 10 }, drafter, '2019-07');
    expect(params[params.length - 1]).toBe(11);
  });

  it('finds overdue drafts: planned month ended, not yet submitted', () => {
    const { text, params } = buildListQuery({ ...base, overdue: true }, drafter, '2019-07');
    expect(text).toContain(`planned_month < $2 AND stage IN ('planned', 'drafting'`);
    expect(params[1]).toBe('2019-07');
    expect(buildListQuery({ ...base, overdue: false }, drafter, '2019-07').text).toContain(
      'NOT (planned_month',
    );
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything else', () => {
    const c = { sort: 'plannedMonth' as const, key: '2019-06', id: '3f1c8a52-9d0b-4c55-9a36-3a0e7c1d2b47' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["evil","x","y"]').toString('base64url'))).toBeUndefined();
  });
});
