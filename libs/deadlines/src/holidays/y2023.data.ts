// Viet Nam public holidays 2023 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2023: HolidayYear = {
  year: 2023,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2023, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2019 art. 112); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2019. Tết off Fri 20/01 – Thu 26/01; Hùng Kings (Sat) and 30/4 (Sun) made up on 02/05 and 03/05; National Day Fri 01/09 – Mon 04/09.',
  days: [
    { date: '2023-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2023-01-02', kind: 'compensatory', name: 'Nghỉ bù Tết Dương lịch' },
    { date: '2023-01-20', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2023-01-21', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2023-01-22', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2023-01-23', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2023-01-24', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2023-01-25', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2023-01-26', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2023-04-29', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2023-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2023-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2023-05-02', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2023-05-03', kind: 'compensatory', name: 'Nghỉ bù Ngày Chiến thắng (30/4)' },
    { date: '2023-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2023-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2023-09-04', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
