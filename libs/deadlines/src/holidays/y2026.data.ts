// Viet Nam public holidays 2026 for public servants (cán bộ, công chức, viên chức).
// Plain data: see holiday.types.ts for the shape and holidays.data.spec.ts for the checks.
import type { HolidayYear } from './holiday.types.js';

export const Y2026: HolidayYear = {
  year: 2026,
  source:
    'Tết: Ministry of Home Affairs notice 9441/TB-BNV (break Sat 14/02 – Sun 22/02), decreed. New Year: Government Office note 12729/VPCP-KGVX (Fri 02/01 off, Sat 10/01 worked), a weak source. The other days: derived from Labour Code 2019 art. 112, no notice at hand.',
  basis: 'derived',
  note: 'Tết = eve + mùng 1–4, Mon 16/02 – Fri 20/02 (all weekdays, inside the decreed break). Hùng Kings on a Sunday made up on Monday 27/04; the day adjacent to 2/9 assumed to be Tue 01/09, and National Day may carry a swapped day (unverified, not included). Not included: 24/11 (Viet Nam Culture Day).',
  days: [
    { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
    {
      date: '2026-01-02',
      kind: 'swapped',
      name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)',
      basis: 'announced',
    },
    {
      date: '2026-02-16',
      kind: 'holiday',
      name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)',
      basis: 'decreed',
    },
    { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', basis: 'decreed' },
    { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', basis: 'decreed' },
    { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', basis: 'decreed' },
    { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)', basis: 'decreed' },
    { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
    { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
  ],
  workingDays: [{ date: '2026-01-10', name: 'Làm bù ngày nghỉ hoán đổi 02/01/2026', basis: 'announced' }],
};
