// Viet Nam public holidays 2022 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2022: HolidayYear = {
  year: 2022,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2022, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2019 art. 112); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2019. Tết off Sat 29/01 – Sun 06/02; National Day Thu 01/09 – Fri 02/09.',
  days: [
    { date: '2022-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2022-01-03', kind: 'compensatory', name: 'Nghỉ bù Tết Dương lịch' },
    { date: '2022-01-31', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2022-02-01', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2022-02-02', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2022-02-03', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2022-02-04', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2022-04-10', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2022-04-11', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2022-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2022-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2022-05-02', kind: 'compensatory', name: 'Nghỉ bù Ngày Chiến thắng (30/4)' },
    { date: '2022-05-03', kind: 'compensatory', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)' },
    { date: '2022-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2022-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
