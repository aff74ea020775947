// The words of a deadline notice, in Vietnamese (in-app, e-mail) with the English clock name.
import type { ClockName } from '#deadlines';

export const CLOCK_LABELS: Readonly<Record<ClockName, { vi: string; en: string }>> = {
  programme_submission: { vi: 'Trình dự thảo theo chương trình công tác', en: 'Programme submission' },
  consultation_minimum: { vi: 'Thời gian lấy ý kiến tối thiểu', en: 'Minimum consultation period' },
  dossier_before_meeting: { vi: 'Gửi hồ sơ trước phiên họp UBND', en: 'Dossier before the meeting' },
  department_answers: { vi: 'Các Sở trả lời ý kiến (QĐ của Chủ tịch UBND)', en: 'Department answers' },
  dossier_check: { vi: 'Kiểm tra, tiếp nhận hồ sơ thẩm định', en: 'Dossier check' },
  appraisal_report: { vi: 'Báo cáo thẩm định', en: 'Appraisal report' },
  verification_before_session: { vi: 'Thẩm tra trước kỳ họp HĐND', en: 'Verification before the session' },
  gazette_dispatch: { vi: 'Gửi đăng Công báo', en: 'Gazette dispatch' },
  gazette_publication: { vi: 'Đăng Công báo', en: 'Gazette publication' },
};

/** "Hạn …: dd/mm/yyyy" in Viet Nam time. */
export function vietnameseDate(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCHours())}:${p(local.getUTCMinutes())} ngày ${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** The one-line message of a reminder or an escalation. */
export function noticeMessage(
  kind: 'reminder' | 'escalation',
  clock: ClockName,
  dueAt: string,
  title: string,
): string {
  const label = CLOCK_LABELS[clock].vi;
  return kind === 'reminder'
    ? `Nhắc hạn: ${label} của dự thảo "${title}" đến hạn lúc ${vietnameseDate(dueAt)}.`
    : `Quá hạn: ${label} của dự thảo "${title}" đã quá hạn (hạn ${vietnameseDate(dueAt)}).`;
}
