// Viet Nam public holidays 2017 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2017: HolidayYear = {
  year: 2017,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2017, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2012 art. 115); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2012. Tết off Thu 26/01 – Wed 01/02 (mùng 1 and 2 on a weekend, made up before and after).',
  days: [
    { date: '2017-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2017-01-02', kind: 'compensatory', name: 'Nghỉ bù Tết Dương lịch' },
    { date: '2017-01-26', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2017-01-27', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2017-01-28', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2017-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2017-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2017-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2017-02-01', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2017-04-06', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2017-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2017-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2017-05-02', kind: 'compensatory', name: 'Nghỉ bù Ngày Chiến thắng (30/4)' },
    { date: '2017-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2017-09-04', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
