import type { CommandName } from './command-names.js';
import type { Stage } from './draft.types.js';

export interface Label {
  vi: string;
  en: string;
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

export const COMMAND_LABELS: Readonly<Record<CommandName, Label>> = {
  AssignDraft: { vi: 'Giao soạn thảo', en: 'Assign draft' },
  StartDrafting: { vi: 'Bắt đầu soạn thảo', en: 'Start drafting' },
  OpenConsultation: { vi: 'Đăng tải lấy ý kiến', en: 'Open consultation' },
  CloseConsultation: { vi: 'Kết thúc lấy ý kiến', en: 'Close consultation' },
  RecordRevision: { vi: 'Ghi nhận chỉnh lý', en: 'Record revision' },
  SendForAppraisal: { vi: 'Gửi thẩm định', en: 'Send for appraisal' },
  ReturnDossier: { vi: 'Trả hồ sơ', en: 'Return dossier' },
  RecordAppraisal: { vi: 'Ghi nhận báo cáo thẩm định', en: 'Record appraisal' },
  Submit: { vi: 'Trình UBND', en: 'Submit' },
  ReturnForRevision: { vi: 'Trả lại để chỉnh lý', en: 'Return for revision' },
  Postpone: { vi: 'Hoãn', en: 'Postpone' },
  Adopt: { vi: 'Thông qua', en: 'Adopt' },
  ApproveForCouncil: { vi: 'Thông qua để trình HĐND', en: 'Approve for the council' },
  SubmitToCouncil: { vi: 'Trình HĐND', en: 'Submit to the council' },
  RecordVerification: { vi: 'Ghi nhận báo cáo thẩm tra', en: 'Record verification' },
  Table: { vi: 'Trình kỳ họp', en: 'Table' },
  Reject: { vi: 'Không thông qua', en: 'Reject' },
  Issue: { vi: 'Ký ban hành', en: 'Issue' },
  Certify: { vi: 'Ký chứng thực', en: 'Certify' },
  RecordPublication: { vi: 'Ghi nhận đăng Công báo', en: 'Record publication' },
  Withdraw: { vi: 'Rút dự thảo', en: 'Withdraw' },
};
