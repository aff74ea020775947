// Viet Nam public holidays 2021 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2021: HolidayYear = {
  year: 2021,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2021, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2019 art. 112); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2019 art. 112 (2/9 plus an adjacent day). Tết off Wed 10/02 – Tue 16/02; National Day Thu 02/09 – Fri 03/09.',
  days: [
    { date: '2021-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2021-02-10', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2021-02-11', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2021-02-12', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2021-02-13', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2021-02-14', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2021-02-15', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2021-02-16', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2021-04-21', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2021-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2021-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2021-05-03', kind: 'compensatory', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)' },
    { date: '2021-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2021-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
  ],
  workingDays: [],
};
