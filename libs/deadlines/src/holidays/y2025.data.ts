// Viet Nam public holidays 2025 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2025: HolidayYear = {
  year: 2025,
  source: 'decreed',
  note: 'Labour Code 2019. Tết off Sat 25/01 – Sun 02/02 with Mon 27/01 swapped with Sat 08/02; Fri 02/05 swapped with Sat 26/04; National Day Mon 01/09 – Tue 02/09. Not included: 24/11 (Viet Nam Culture Day), whose status as a day off was not confirmed.',
  days: [
    { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2025-01-27', kind: 'swapped', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 08/02/2025)' },
    { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2025-02-01', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2025-05-02', kind: 'swapped', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)' },
    { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [
    { date: '2025-02-08', name: 'Làm bù ngày nghỉ hoán đổi 27/01/2025' },
    { date: '2025-04-26', name: 'Làm bù ngày nghỉ hoán đổi 02/05/2025' },
  ],
};
