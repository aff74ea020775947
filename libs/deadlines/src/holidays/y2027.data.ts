// Viet Nam public holidays 2027 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2027: HolidayYear = {
  year: 2027,
  source:
    'No notice yet: derived from Labour Code 2019 art. 112 and the practice of earlier years; replace with the Prime Minister’s decision when the ministry announces it.',
  basis: 'derived',
  note: 'Tết = eve + mùng 1–4, mùng 1–2 on a weekend made up on Thu 04/02 and Wed 10/02 (as in 2017, 2020, 2023); 1/5 on a Saturday made up on Mon 03/05; the day adjacent to 2/9 assumed to be Fri 03/09. Not included: 24/11 (Viet Nam Culture Day).',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2027-02-04', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2027-02-05', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2027-02-06', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2027-02-07', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2027-02-08', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2027-02-09', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2027-02-10', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán' },
    { date: '2027-04-16', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2027-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2027-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2027-05-03', kind: 'compensatory', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)' },
    { date: '2027-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: '2027-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
  ],
  workingDays: [],
};
