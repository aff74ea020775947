// Viet Nam public holidays 2026 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2026: HolidayYear = {
  year: 2026,
  source: 'derived',
  note: 'Derived from Labour Code 2019 art. 112, not from the decree: Tết = eve + mùng 1–4 (all weekdays); Hùng Kings on a Sunday made up on Monday; the day adjacent to 2/9 assumed to be 01/09. Any swapped days the Government grants are missing. Not included: 24/11 (Viet Nam Culture Day).',
  days: [
    { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    { date: '2026-02-16', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
    { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [],
};
