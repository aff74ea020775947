// Every word the pages show, in Vietnamese (first) and English; dates and badges in each
// language's way. Pure: no DOM, so the unit specs run it under Jest.

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

const vi = {
  appName: 'Draftline — Soạn thảo văn bản QPPL',
  skip: 'Bỏ qua, đến nội dung chính',
  nav: 'Điều hướng chính',
  myWork: 'Việc của tôi',
  inbox: 'Hộp thư',
  report: 'Báo cáo',
  signOut: 'Đăng xuất',
  language: 'Ngôn ngữ',
  switchTo: 'English',
  loading: 'Đang tải…',
  empty: 'Không có tài liệu nào.',
  signInTitle: 'Đăng nhập',
  localOnly: 'Chỉ dùng trên máy này (chế độ nhúng): chọn một người dùng mẫu. Không có ở chế độ máy chủ.',
  pickUser: 'Đăng nhập với tư cách',
  oidcSignIn: 'Đăng nhập bằng tài khoản của cổng định danh (OpenID Connect) của tỉnh.',
  oidcButton: 'Đăng nhập',
  signInFailed: 'Không đăng nhập được:',
  serverSignIn:
    'Chế độ máy chủ: đăng nhập qua nhà cung cấp danh tính (OpenID Connect) chưa được cấu hình cho trang này.',
  sessionExpired: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  search: 'Tìm kiếm (có hoặc không dấu)',
  stage: 'Giai đoạn',
  kind: 'Loại văn bản',
  anyOption: 'Tất cả',
  overdueOnly: 'Chỉ tài liệu quá hạn',
  apply: 'Lọc',
  nextPage: 'Trang sau',
  firstPage: 'Trang đầu',
  title: 'Tên văn bản',
  agency: 'Cơ quan',
  procedure: 'Trình tự',
  plannedMonth: 'Tháng dự kiến',
  due: 'Thời hạn',
  documentsOf: 'Tài liệu bạn được xem',
  notFoundTitle: 'Không tìm thấy',
  notFound: 'Không có tài liệu này, hoặc bạn không có quyền xem.',
  backToWork: 'Về Việc của tôi',
  currentStage: 'Giai đoạn hiện tại',
  path: 'Các bước',
  clocks: 'Thời hạn đang chạy',
  noClocks: 'Không có thời hạn nào đang chạy.',
  timeline: 'Lịch sử',
  actions: 'Thao tác',
  noActions: 'Bạn không có thao tác nào trên tài liệu này lúc này.',
  run: 'Thực hiện',
  cancel: 'Huỷ',
  recorded: 'Đã ghi nhận.',
  reload: 'Tải lại',
  who: 'Người thực hiện',
  when: 'Ngày',
  recordedAt: 'ghi lúc',
  why: 'Lý do',
  reminder: 'Nhắc hạn',
  chain: 'Chuỗi băm',
  chainIntact: 'toàn vẹn',
  chainBroken: 'bị thay đổi',
  dateHint: 'dd/mm/yyyy',
  monthHint: 'mm/yyyy',
  optional: '(không bắt buộc)',
  badDate: 'Ngày phải viết dd/mm/yyyy và có thật.',
  badMonth: 'Tháng phải viết mm/yyyy.',
  required: 'Bắt buộc nhập.',
  inboxEmpty: 'Không có thông báo nào.',
  unread: 'Chưa đọc',
  openDocument: 'Mở tài liệu',
  year: 'Năm',
  asOf: 'Tính đến ngày',
  show: 'Xem',
  downloadCsv: 'Tải CSV',
  shareLink: 'Liên kết chia sẻ',
  status: 'Tình trạng',
  count: 'Số văn bản',
  onTime: 'Đúng hạn',
  late: 'Trễ hạn',
  chart: 'Biểu đồ',
  errors: {
    network: 'Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại.',
    400: 'Thông tin nhập chưa hợp lệ',
    401: 'Phiên làm việc đã hết hạn.',
    403: 'Bạn không có quyền thực hiện việc này.',
    404: 'Không tìm thấy.',
    409: 'Không thể thực hiện ở giai đoạn này',
    412: 'Tài liệu đã được {who} thay đổi lúc {when} — tải lại',
    422: 'Yêu cầu đã được gửi trước đó với nội dung khác.',
    429: 'Quá nhiều yêu cầu; thử lại sau ít phút.',
    503: 'Máy chủ đang bận hoặc chưa sẵn sàng; thử lại sau.',
    other: 'Có lỗi xảy ra ({status}).',
  } as Record<string, string>,
  stages: {
    planned: 'Trong chương trình',
    drafting: 'Đang soạn thảo',
    consulting: 'Đang lấy ý kiến',
    revising: 'Đang chỉnh lý',
    in_appraisal: 'Đang thẩm định',
    appraised: 'Đã thẩm định',
    submitted: 'Đã trình UBND',
    committee_approved: 'UBND đã thông qua để trình HĐND',
    under_verification: 'Đang thẩm tra',
    verified: 'Đã thẩm tra',
    tabled: 'Đã trình kỳ họp',
    adopted: 'Đã thông qua',
    issued: 'Đã ban hành',
    published: 'Đã đăng Công báo',
    withdrawn: 'Đã rút',
  } as Record<string, string>,
  kinds: {
    committee_decision: 'Quyết định của UBND',
    council_resolution: 'Nghị quyết của HĐND',
    chair_decision: 'Quyết định của Chủ tịch UBND',
  } as Record<string, string>,
  procedures: { standard: 'Thông thường', simplified: 'Rút gọn' } as Record<string, string>,
  regimes: {
    '2016': 'Luật 80/2015 (2016–2020)',
    '2021': 'Luật 80/2015 sửa đổi 2020 (2021–3/2025)',
    '2025': 'Luật 64/2025 (từ 4/2025)',
  } as Record<string, string>,
  registers: {
    caption: 'Rà soát văn bản và tổ chức triển khai',
    reviews: 'Văn bản được rà soát',
    implementations: 'Văn bản phải tổ chức triển khai',
    keep: 'Giữ nguyên',
    amend: 'Sửa đổi, bổ sung',
    replace: 'Thay thế',
    repeal: 'Bãi bỏ',
    expired: 'Hết hiệu lực',
    not_started: 'Chưa triển khai',
    in_progress: 'Đang triển khai',
    done: 'Đã triển khai xong',
    total: 'Tổng số',
  } as Record<string, string>,
  roles: {
    drafter: 'Chuyên viên soạn thảo',
    drafting_lead: 'Lãnh đạo cơ quan soạn thảo',
    appraiser: 'Thẩm định (Sở Tư pháp)',
    committee_office: 'Văn phòng UBND',
    council_office: 'Văn phòng HĐND',
    inspector: 'Kiểm tra',
    admin: 'Quản trị',
  } as Record<string, string>,
  fields: {
    reason: 'Lý do',
    summary: 'Nội dung tóm tắt',
    postedAt: 'Ngày đăng tải',
    meetingDate: 'Ngày họp',
    outcome: 'Kết luận',
    reportNumber: 'Số báo cáo',
    reportDate: 'Ngày báo cáo',
    adoptedOn: 'Ngày thông qua',
    sessionDate: 'Ngày kỳ họp',
    documentNumber: 'Số văn bản',
    signingDate: 'Ngày ký',
    effectiveDate: 'Ngày có hiệu lực',
    gazetteIssue: 'Số Công báo',
    publishedOn: 'Ngày đăng Công báo',
    plannedMonth: 'Tháng dự kiến',
    title: 'Tên văn bản',
    department: 'Sở cho ý kiến',
    regime: 'Chế độ pháp lý',
  } as Record<string, string>,
  values: {
    fit: 'Đủ điều kiện',
    not_fit: 'Chưa đủ điều kiện',
    true: 'Có',
    false: 'Không',
    finance: 'Sở Tài chính',
    home_affairs: 'Sở Nội vụ',
    justice: 'Sở Tư pháp',
    science_technology: 'Sở Khoa học và Công nghệ',
  } as Record<string, string>,
  reportRows: {
    assigned: 'Được giao',
    issued: 'Đã ban hành',
    adoptedAwaitingSignature: 'Đã thông qua, chờ ký ban hành',
    submittedAwaitingDecision: 'Đã trình, chờ quyết định',
    appraisedAwaitingSubmission: 'Đã thẩm định, chưa trình',
    inAppraisal: 'Đang thẩm định',
    beingDrafted: 'Đang soạn thảo',
    revisingBeforeAppraisal: 'Đang lấy ý kiến, chỉnh lý (chưa thẩm định)',
    withdrawn: 'Đã rút',
    everSubmitted: 'Đã từng trình (lũy kế)',
    total: 'Tổng',
    byKind: 'Theo loại văn bản',
    byRegime: 'Theo chế độ pháp lý',
    partitionNote:
      'Mỗi văn bản thuộc đúng một tình trạng tính đến ngày báo cáo, nên các tình trạng cộng lại bằng số được giao; "đã từng trình" là số lũy kế, chồng lên các tình trạng.',
    onTime: 'Trình đúng hạn',
    late: 'Trình trễ hạn',
    overdueOpen: 'Quá hạn, chưa trình',
    notYetDue: 'Chưa đến hạn',
    programme: 'Trong chương trình',
    additional: 'Bổ sung',
    punctuality: 'Tiến độ (văn bản trong chương trình)',
  } as Record<string, string>,
  clockNames: {
    dossier_check: 'Kiểm tra, tiếp nhận hồ sơ thẩm định',
    department_answers: 'Các Sở trả lời ý kiến',
  } as Record<string, string>,
  events: {
    DraftAssigned: 'Giao soạn thảo',
    DraftingStarted: 'Bắt đầu soạn thảo',
    ConsultationOpened: 'Đăng tải lấy ý kiến',
    ConsultationClosed: 'Kết thúc lấy ý kiến',
    DraftRevised: 'Ghi nhận chỉnh lý',
    SentForAppraisal: 'Gửi thẩm định',
    DossierAccepted: 'Tiếp nhận hồ sơ thẩm định',
    DossierReturned: 'Trả hồ sơ',
    DepartmentOpinionRecorded: 'Ghi nhận ý kiến của Sở',
    DepartmentsAnswered: 'Các Sở đã trả lời đủ',
    RegimeChanged: 'Chuyển chế độ pháp lý',
    MeetingDateSet: 'Đặt ngày họp UBND',
    AppraisalRecorded: 'Ghi nhận báo cáo thẩm định',
    Submitted: 'Trình UBND',
    ReturnedForRevision: 'Trả lại để chỉnh lý',
    ApprovedForCouncil: 'Thông qua để trình HĐND',
    SubmittedToCouncil: 'Trình HĐND',
    VerificationRecorded: 'Ghi nhận báo cáo thẩm tra',
    Tabled: 'Trình kỳ họp',
    Adopted: 'Thông qua',
    Rejected: 'Không thông qua',
    Issued: 'Ban hành',
    PublicationRecorded: 'Ghi nhận đăng Công báo',
    Withdrawn: 'Rút',
    Postponed: 'Lùi thời hạn',
    DeadlineReminderSent: 'Đã gửi nhắc hạn',
    DeadlineMissed: 'Quá hạn',
  } as Record<string, string>,
};

type Dict = typeof vi;

const en: Dict = {
  appName: 'Draftline — legal document drafting',
  skip: 'Skip to the main content',
  nav: 'Main navigation',
  myWork: 'My work',
  inbox: 'Inbox',
  report: 'Report',
  signOut: 'Sign out',
  language: 'Language',
  switchTo: 'Tiếng Việt',
  loading: 'Loading…',
  empty: 'No documents.',
  signInTitle: 'Sign in',
  localOnly: 'This computer only (embedded mode): pick a demo user. Not available in server mode.',
  pickUser: 'Sign in as',
  oidcSignIn: "Sign in with the province's identity provider account (OpenID Connect).",
  oidcButton: 'Sign in',
  signInFailed: 'Sign-in failed:',
  serverSignIn:
    'Server mode: sign-in through the identity provider (OpenID Connect) is not configured for this page.',
  sessionExpired: 'Your session has expired. Please sign in again.',
  search: 'Search (with or without diacritics)',
  stage: 'Stage',
  kind: 'Kind',
  anyOption: 'All',
  overdueOnly: 'Overdue only',
  apply: 'Filter',
  nextPage: 'Next page',
  firstPage: 'First page',
  title: 'Title',
  agency: 'Agency',
  procedure: 'Procedure',
  plannedMonth: 'Planned month',
  due: 'Due',
  documentsOf: 'Documents you may see',
  notFoundTitle: 'Not found',
  notFound: 'There is no such document, or you may not see it.',
  backToWork: 'Back to My work',
  currentStage: 'Current stage',
  path: 'Steps',
  clocks: 'Open deadlines',
  noClocks: 'No deadline is running.',
  timeline: 'History',
  actions: 'Actions',
  noActions: 'You have nothing to do on this document now.',
  run: 'Run',
  cancel: 'Cancel',
  recorded: 'Recorded.',
  reload: 'Reload',
  who: 'By',
  when: 'Date',
  recordedAt: 'recorded',
  why: 'Reason',
  reminder: 'Reminder',
  chain: 'Hash chain',
  chainIntact: 'intact',
  chainBroken: 'altered',
  dateHint: 'dd/mm/yyyy',
  monthHint: 'mm/yyyy',
  optional: '(optional)',
  badDate: 'Write the date as dd/mm/yyyy, a real date.',
  badMonth: 'Write the month as mm/yyyy.',
  required: 'Required.',
  inboxEmpty: 'No notifications.',
  unread: 'Unread',
  openDocument: 'Open the document',
  year: 'Year',
  asOf: 'As of',
  show: 'Show',
  downloadCsv: 'Download CSV',
  shareLink: 'Shareable link',
  status: 'Status',
  count: 'Documents',
  onTime: 'On time',
  late: 'Late',
  chart: 'Chart',
  errors: {
    network: 'Cannot reach the server. Check the network and try again.',
    400: 'Some input is not valid',
    401: 'Your session has expired.',
    403: 'You may not do this.',
    404: 'Not found.',
    409: 'Cannot be done at this stage',
    412: 'This document was changed by {who} at {when} — reload',
    422: 'This request was sent before with a different content.',
    429: 'Too many requests; try again in a few minutes.',
    503: 'The server is busy or not ready; try again later.',
    other: 'Something went wrong ({status}).',
  },
  stages: {
    planned: 'Planned',
    drafting: 'Drafting',
    consulting: 'In consultation',
    revising: 'Being revised',
    in_appraisal: 'In appraisal',
    appraised: 'Appraised',
    submitted: 'Submitted',
    committee_approved: 'Approved for the council',
    under_verification: 'Under verification',
    verified: 'Verified',
    tabled: 'Tabled',
    adopted: 'Adopted',
    issued: 'Issued',
    published: 'Published',
    withdrawn: 'Withdrawn',
  },
  kinds: {
    committee_decision: "People's Committee decision",
    council_resolution: "People's Council resolution",
    chair_decision: "Decision of the People's Committee Chair",
  },
  procedures: { standard: 'Standard', simplified: 'Simplified' },
  regimes: {
    '2016': 'Law 80/2015 (2016–2020)',
    '2021': 'Law 80/2015 as amended 2020 (2021–3/2025)',
    '2025': 'Law 64/2025 (from 4/2025)',
  },
  registers: {
    caption: 'Reviews of existing documents and implementation',
    reviews: 'Existing documents reviewed',
    implementations: 'Documents to implement',
    keep: 'Kept',
    amend: 'To amend',
    replace: 'To replace',
    repeal: 'To repeal',
    expired: 'Expired',
    not_started: 'Not started',
    in_progress: 'In progress',
    done: 'Done',
    total: 'Total',
  },
  roles: {
    drafter: 'Drafting officer',
    drafting_lead: 'Department lead',
    appraiser: 'Appraiser (Department of Justice)',
    committee_office: "People's Committee office",
    council_office: "People's Council office",
    inspector: 'Inspector',
    admin: 'Administrator',
  },
  fields: {
    reason: 'Reason',
    summary: 'Summary',
    postedAt: 'Posting date',
    meetingDate: 'Meeting date',
    outcome: 'Outcome',
    reportNumber: 'Report number',
    reportDate: 'Report date',
    adoptedOn: 'Adoption date',
    sessionDate: 'Session date',
    documentNumber: 'Document number',
    signingDate: 'Signing date',
    effectiveDate: 'Effective date',
    gazetteIssue: 'Gazette issue',
    publishedOn: 'Publication date',
    plannedMonth: 'Planned month',
    title: 'Title',
    department: 'Consulted department',
    regime: 'Legal regime',
  },
  values: {
    fit: 'Fit',
    not_fit: 'Not fit',
    true: 'Yes',
    false: 'No',
    finance: 'Department of Finance',
    home_affairs: 'Department of Home Affairs',
    justice: 'Department of Justice',
    science_technology: 'Department of Science and Technology',
  },
  reportRows: {
    assigned: 'Assigned',
    issued: 'Issued',
    adoptedAwaitingSignature: 'Adopted, awaiting signature',
    submittedAwaitingDecision: 'Submitted, awaiting decision',
    appraisedAwaitingSubmission: 'Appraised, not yet submitted',
    inAppraisal: 'In appraisal',
    beingDrafted: 'Being drafted',
    revisingBeforeAppraisal: 'In consultation or revision (before appraisal)',
    withdrawn: 'Withdrawn',
    everSubmitted: 'Ever submitted (cumulative)',
    total: 'Total',
    byKind: 'By kind of document',
    byRegime: 'By legal regime',
    partitionNote:
      'Each document is in exactly one status as of the report date, so the statuses add up to assigned; "ever submitted" is cumulative and overlaps them.',
    onTime: 'Submitted on time',
    late: 'Submitted late',
    overdueOpen: 'Overdue, not submitted',
    notYetDue: 'Not yet due',
    programme: 'Programme',
    additional: 'Additional',
    punctuality: 'Punctuality (programme drafts)',
  },
  clockNames: { dossier_check: 'Dossier check', department_answers: 'Department answers' },
  events: {
    DraftAssigned: 'Draft assigned',
    DraftingStarted: 'Drafting started',
    ConsultationOpened: 'Consultation opened',
    ConsultationClosed: 'Consultation closed',
    DraftRevised: 'Revision recorded',
    SentForAppraisal: 'Sent for appraisal',
    DossierAccepted: 'Dossier accepted',
    DossierReturned: 'Dossier returned',
    DepartmentOpinionRecorded: 'Department opinion recorded',
    DepartmentsAnswered: 'All departments answered',
    RegimeChanged: 'Regime changed',
    MeetingDateSet: 'Meeting date set',
    AppraisalRecorded: 'Appraisal recorded',
    Submitted: 'Submitted',
    ReturnedForRevision: 'Returned for revision',
    ApprovedForCouncil: 'Approved for the council',
    SubmittedToCouncil: 'Submitted to the council',
    VerificationRecorded: 'Verification recorded',
    Tabled: 'Tabled',
    Adopted: 'Adopted',
    Rejected: 'Rejected',
    Issued: 'Issued',
    PublicationRecorded: 'Publication recorded',
    Withdrawn: 'Withdrawn',
    Postponed: 'Postponed',
    DeadlineReminderSent: 'Reminder sent',
    DeadlineMissed: 'Deadline missed',
  },
};

export const DICTS: Record<Lang, Dict> = { vi, en };

/** `{name}` placeholders filled from `values`. */
export const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** YYYY-MM-DD as dd/mm/yyyy (both languages write dates this way here). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** YYYY-MM as mm/yyyy. */
export function formatMonth(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[1]}` : iso;
}

/** An instant as dd/mm/yyyy HH:mm in Viet Nam (UTC+7, no daylight saving). */
export function formatInstant(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const local = new Date(t + 7 * 3_600_000).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** The day of an instant in Viet Nam, dd/mm/yyyy. */
export const formatLocalDate = (iso: string): string => formatInstant(iso).slice(0, 10);

/** dd/mm/yyyy (d/m/yyyy too) to YYYY-MM-DD; undefined unless a real date. */
export function parseDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

/** mm/yyyy to YYYY-MM. */
export function parseMonth(text: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) return undefined;
  return `${m[2]}-${m[1].padStart(2, '0')}`;
}

/** "còn 3 ngày", "hạn hôm nay", "quá hạn 2 ngày" and their English. */
export function dueBadge(lang: Lang, due: { days: number; overdue: boolean }): string {
  if (lang === 'vi')
    return due.overdue ? `quá hạn ${due.days} ngày` : due.days === 0 ? 'hạn hôm nay' : `còn ${due.days} ngày`;
  const d = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  return due.overdue ? `${d(due.days)} overdue` : due.days === 0 ? 'due today' : `${d(due.days)} left`;
}

/** A command's label from the contract's summary, "Start drafting (Bắt đầu soạn thảo)". */
export function commandLabel(summary: string | undefined, fallback: string, lang: Lang): string {
  const m = /^(.*) \((.*)\)$/.exec(summary ?? '');
  if (!m) return fallback;
  return lang === 'vi' ? m[2] : m[1];
}

/** A field's label: the dictionary's, else the contract's title, else its name in words. */
export function fieldLabel(lang: Lang, name: string, title?: string): string {
  return (
    DICTS[lang].fields[name] ?? title ?? name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())
  );
}
