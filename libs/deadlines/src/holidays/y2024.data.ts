// Viet Nam public holidays 2024 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2024: HolidayYear = {
  year: 2024,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2024, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2019 art. 112); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2019. Tết off Thu 08/02 – Wed 14/02; Mon 29/04 swapped with Sat 04/05; National Day Mon 02/09 – Tue 03/09.',
  days: [
    { date: '2024-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2024-02-08', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2024-02-09', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2024-02-10', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2024-02-11', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2024-02-12', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2024-02-13', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2024-02-14', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2024-04-18', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2024-04-29', kind: 'swapped', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)' },
    { date: '2024-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2024-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2024-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2024-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
  ],
  workingDays: [{ date: '2024-05-04', name: 'Làm bù ngày nghỉ hoán đổi 29/04/2024' }],
};
