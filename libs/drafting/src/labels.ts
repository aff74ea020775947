import type { Stage } from './draft.types.js';

/** A name in Vietnamese (first: the people who use Draftline read it) and in English. */
export interface Label {
  readonly vi: string;
  readonly en: string;
}

export const STAGE_LABELS: Readonly<Record<Stage, Label>> = {
  planned: { vi: 'Trong chương trình', en: 'Planned' },
  drafting: { vi: 'Đang soạn thảo', en: 'Drafting' },
  consulting: { vi: 'Đang lấy ý kiến', en: 'In consultation' },
  revising: { vi: 'Đang chỉnh lý', en: 'Being revised' },
  in_appraisal: { vi: 'Đang thẩm định', en: 'In appraisal' },
  appraised: { vi: 'Đã thẩm định', en: 'Appraised' },
  submitted: { vi: 'Đã trình UBND', en: 'Submitted' },
  committee_approved: { vi: 'UBND đã thông qua để trình HĐND', en: 'Approved for the council' },
  under_verification: { vi: 'Đang thẩm tra', en: 'Under verification' },
  verified: { vi: 'Đã thẩm tra', en: 'Verified' },
  tabled: { vi: 'Đã trình kỳ họp', en: 'Tabled' },
  adopted: { vi: 'Đã thông qua', en: 'Adopted' },
  issued: { vi: 'Đã ban hành', en: 'Issued' },
  published: { vi: 'Đã đăng Công báo', en: 'Published' },
  withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
};
