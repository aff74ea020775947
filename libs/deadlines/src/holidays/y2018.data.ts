// Viet Nam public holidays 2018 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2018: HolidayYear = {
  year: 2018,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2018, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2012 art. 115); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2012. Tết off Wed 14/02 – Tue 20/02. Mon 31/12/2018 swapped with Sat 05/01/2019 for New Year 2019.',
  days: [
    { date: '2018-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2018-02-14', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2018-02-15', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2018-02-16', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2018-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2018-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2018-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2018-02-20', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2018-04-25', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2018-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2018-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2018-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2018-09-03', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh (2/9)' },
    { date: '2018-12-31', kind: 'swapped', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 05/01/2019)' },
  ],
  workingDays: [],
};
