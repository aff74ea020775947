import { isIsoDate } from '#drafting';
import { weekdayOf } from '../vietnam.time.js';
import { dayBasis, VIETNAM_HOLIDAYS } from './holidays.data.js';

// Lunar dates checked with the astronomical new-moon algorithm for UTC+7 (Hồ Ngọc Đức's).
const LUNAR_NEW_YEAR: Record<number, string> = {
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
};
const HUNG_KINGS: Record<number, string> = {
  2016: '2016-04-16',
  2017: '2017-04-06',
  2018: '2018-04-25',
  2019: '2019-04-14',
  2020: '2020-04-02',
  2021: '2021-04-21',
  2022: '2022-04-10',
  2023: '2023-04-29',
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
};
const YEARS = Object.keys(LUNAR_NEW_YEAR).map(Number);
const isWeekend = (date: string) => [0, 6].includes(weekdayOf(date));

describe('Viet Nam holiday data', () => {
  it('given the data, then it covers every year from 2016 to 2027 once, in order', () => {
    expect(VIETNAM_HOLIDAYS.map((y) => y.year)).toEqual(YEARS);
  });

  describe.each(VIETNAM_HOLIDAYS.map((y) => [y.year, y] as const))('%i', (year, data) => {
    const dates = data.days.map((d) => d.date);

    it('lists five days of Tết, the eve and the first day of the lunar year among them', () => {
      const tet = LUNAR_NEW_YEAR[year];
      const eve = new Date(Date.parse(tet) - 86_400_000).toISOString().slice(0, 10);
      expect(dates).toEqual(expect.arrayContaining([eve, tet]));
      expect(data.days.filter((d) => d.name.startsWith('Tết Nguyên đán')).map((d) => d.date)).toHaveLength(5);
    });

    it("lists Hùng Kings' day on the 10th day of the 3rd lunar month", () => {
      expect(data.days.find((d) => d.date === HUNG_KINGS[year])?.name).toMatch(/Hùng Vương/);
    });

    it('lists New Year, 30 April, 1 May and 2 September (with its adjacent day from 2021)', () => {
      expect(dates).toEqual(
        expect.arrayContaining([`${year}-01-01`, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]),
      );
      const adjacent = data.days.filter((d) => d.name === 'Quốc khánh (ngày liền kề)').map((d) => d.date);
      expect(adjacent).toEqual(year >= 2021 ? [expect.stringMatching(/-09-0[13]$/)] : []);
    });

    it('lists every date once, as a real date of its year, in order', () => {
      const all = [...dates, ...data.workingDays.map((d) => d.date)];
      expect(new Set(all).size).toBe(all.length);
      for (const d of all) expect(isIsoDate(d) && d.startsWith(`${year}-`)).toBe(true);
      expect([...dates].sort()).toEqual(dates);
    });

    it('gives days off in exchange only on weekdays, and make-up days only on weekends', () => {
      for (const d of data.days.filter((d) => d.kind !== 'holiday')) expect(isWeekend(d.date)).toBe(false);
      for (const d of data.workingDays) expect(isWeekend(d.date)).toBe(true);
    });

    it('compensates each holiday that falls on a weekend, unless a make-up swap covers it', () => {
      const weekendHolidays = data.days.filter((d) => d.kind === 'holiday' && isWeekend(d.date)).length;
      const compensatory = data.days.filter((d) => d.kind === 'compensatory').length;
      expect(compensatory).toBe(weekendHolidays);
    });

    it('writes names in NFC, names the texts it follows and says how firm its days are', () => {
      for (const d of data.days) expect(d.name).toBe(d.name.normalize('NFC'));
      // The source is a text a reader can look up, not a one-word verdict.
      expect(data.source).toMatch(/\S.{20,}/);
      expect(['decreed', 'announced', 'derived']).toContain(data.basis);
      expect(data.basis).toBe(year >= 2026 ? 'derived' : 'decreed');
    });
  });

  const of = (year: number) => VIETNAM_HOLIDAYS.find((y) => y.year === year)!;
  const day = (date: string) => of(Number(date.slice(0, 4))).days.find((d) => d.date === date);

  describe('2025, as MoLISA notice 6150/TB-LĐTBXH gave it', () => {
    it('given Tết 2025, then Mon 27/01 – Fri 31/01 are Tết holidays with no swapped day', () => {
      expect(day('2025-01-27')).toMatchObject({
        kind: 'holiday',
        name: expect.stringMatching(/^Tết Nguyên đán/),
      });
      const tet = of(2025)
        .days.filter((d) => d.name.startsWith('Tết Nguyên đán'))
        .map((d) => d.date);
      expect(tet).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
      expect(of(2025).days.filter((d) => d.kind === 'swapped' && d.date < '2025-03-01')).toEqual([]);
    });

    it('given Saturday 08/02/2025, then it is not a make-up working day', () => {
      expect(of(2025).workingDays.map((d) => d.date)).not.toContain('2025-02-08');
    });

    it('names the notice it follows', () => {
      expect(of(2025).source).toContain('6150/TB-LĐTBXH');
    });
  });

  describe('2026: Tết decreed, New Year announced, the rest derived', () => {
    it('given New Year 2026, then Fri 02/01 is off in exchange for Sat 10/01, as the Government Office said', () => {
      expect(day('2026-01-02')).toMatchObject({ kind: 'swapped' });
      expect(of(2026).workingDays.map((d) => d.date)).toEqual(['2026-01-10']);
      expect(dayBasis(of(2026), '2026-01-02')).toBe('announced');
      expect(dayBasis(of(2026), '2026-01-10')).toBe('announced');
    });

    it('given Tết 2026, then Mon 16/02 – Fri 20/02 are off and marked decreed (notice 9441/TB-BNV)', () => {
      const tet = of(2026)
        .days.filter((d) => d.name.startsWith('Tết Nguyên đán'))
        .map((d) => d.date);
      expect(tet).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
      for (const date of tet) expect([date, dayBasis(of(2026), date)]).toEqual([date, 'decreed']);
      expect(of(2026).source).toEqual(expect.stringContaining('9441/TB-BNV'));
      expect(of(2026).source).toEqual(expect.stringContaining('12729/VPCP-KGVX'));
    });

    it('given a day no text fixed yet (National Day 2026), then it stays derived, the year’s basis', () => {
      expect(dayBasis(of(2026), '2026-09-01')).toBe('derived');
      expect(dayBasis(of(2026), '2026-03-03')).toBeUndefined(); // not listed at all
    });
  });
});
