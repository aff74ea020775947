// Viet Nam public holidays 2020 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2020: HolidayYear = {
  year: 2020,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2020, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2012 art. 115); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2012. Tết off Thu 23/01 – Wed 29/01 (mùng 1 and 2 on a weekend, made up before and after).',
  days: [
    { date: '2020-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2020-01-23', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2020-01-24', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2020-01-25', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2020-01-26', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2020-01-27', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2020-01-28', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2020-01-29', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2020-04-02', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2020-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2020-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2020-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
