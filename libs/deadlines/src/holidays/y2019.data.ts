// Viet Nam public holidays 2019 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2019: HolidayYear = {
  year: 2019,
  source:
    "The Prime Minister's decision on the days off of Tết and National Day 2019, as the Ministry of Labour, Invalids and Social Affairs' notice to public servants gave it (Labour Code 2012 art. 115); the notice's number was not recorded (unverified).",
  basis: 'decreed',
  note: 'Labour Code 2012. Tết off Sat 02/02 – Sun 10/02. Mon 29/04 swapped with Sat 04/05; Sat 05/01 made up Mon 31/12/2018.',
  days: [
    { date: '2019-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2019-02-04', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2019-02-05', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2019-02-06', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2019-02-07', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2019-02-08', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2019-04-14', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2019-04-15', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2019-04-29', kind: 'swapped', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2019)' },
    { date: '2019-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2019-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2019-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [
    { date: '2019-01-05', name: 'Làm bù ngày nghỉ hoán đổi 31/12/2018' },
    { date: '2019-05-04', name: 'Làm bù ngày nghỉ hoán đổi 29/04/2019' },
  ],
};
