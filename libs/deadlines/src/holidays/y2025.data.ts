// Viet Nam public holidays 2025 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2025: HolidayYear = {
  year: 2025,
  source:
    'Ministry of Labour, Invalids and Social Affairs notice 6150/TB-LĐTBXH (12/11/2024) on the days off of Tết and National Day 2025 under the Prime Minister’s decision, checked against the official notices in November 2026 (lifecycle.md, calendar facts); the swap of Fri 02/05 with Sat 26/04 as the Prime Minister agreed it in April 2025 (the text’s number was not recorded, unverified).',
  basis: 'decreed',
  note: 'Labour Code 2019 art. 112. Tết: the five days off are Mon 27/01 – Fri 31/01 (28 tháng Chạp to mùng 3), break Sat 25/01 – Sun 02/02, with NO swapped day: Sat 08/02 is not a working day (earlier data here swapped 27/01 with 08/02; that was wrong). Fri 02/05 swapped with Sat 26/04; National Day Mon 01/09 – Tue 02/09. Not included: 24/11 (Viet Nam Culture Day), whose status as a day off was not confirmed.',
  days: [
    { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán (28 tháng Chạp)' },
    { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    {
      date: '2025-05-02',
      kind: 'swapped',
      name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)',
      basis: 'announced',
    },
    { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [{ date: '2025-04-26', name: 'Làm bù ngày nghỉ hoán đổi 02/05/2025', basis: 'announced' }],
};
