// Viet Nam public holidays 2016 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2016: HolidayYear = {
  year: 2016,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2016, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2012 art. 115); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2012 art. 115. Tết off Sat 06/02 – Sun 14/02 (eve on a Sunday, made up on Fri 12/02); 30/4 and 1/5 on a weekend, made up on Mon 02/05 and Tue 03/05.',
  days: [
    { date: '2016-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2016-02-07', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2016-02-08', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2016-02-09', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2016-02-10', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2016-02-11', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2016-02-12', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2016-04-16', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2016-04-18', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2016-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2016-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2016-05-02', kind: 'compensatory', name: 'Nghỉ bù Ngày Chiến thắng (30/4)' },
    { date: '2016-05-03', kind: 'compensatory', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)' },
    { date: '2016-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
