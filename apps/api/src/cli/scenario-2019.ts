// THE 2019 scenario (lifecycle.md, "Report"): a provincial Department of Science and Technology
// as the inspection of August 2019 found it. One script, replayed over HTTP by `npm run demo`,
// the e2e and browser tests, and through the pure domain by its spec, so all tell one story.
// Every step is a command of the public API dated by its business date (`occurredOn`,
// lifecycle.md "Business dates"): loaded today, it records 2019 as it happened.

/** The people of the scenario (token claims). */
export const SCENARIO_USERS = {
  office: { sub: 'u-office', agency: 'vp-ubnd', roles: ['committee_office'] },
  lead: { sub: 'u-lead', agency: 'so-khcn', roles: ['drafting_lead'] },
  drafter: { sub: 'u-drafter', agency: 'so-khcn', roles: ['drafter'] },
  appraiser: { sub: 'u-appraiser', agency: 'so-tu-phap', roles: ['appraiser'] },
  inspector: { sub: 'u-inspector', agency: 'so-noi-vu', roles: ['inspector'] },
} as const;
export type ScenarioUser = keyof typeof SCENARIO_USERS;

export const SCENARIO_AGENCY = 'so-khcn';
export const SCENARIO_YEAR = 2019;
/** The day of the inspection. */
export const SCENARIO_AS_OF = '2019-08-16';

/** The figures of lifecycle.md's table as of {@link SCENARIO_AS_OF}: 3 / 2 / 1 / 2 / 1 / 1 / 10 / 5. */
export const SCENARIO_FIGURES = {
  programme: { assigned: 3, issued: 2, revisingBeforeAppraisal: 1 },
  additional: { assigned: 2, submittedAwaitingDecision: 1, beingDrafted: 1 },
  reviews: 10,
  implementations: 5,
} as const;

export interface ScenarioStep {
  /**
   * Business date of the step (YYYY-MM-DD): the body carries it as `occurredOn`, so the API
   * records 2019's history as of its own days whenever the scenario is loaded.
   */
  readonly on: string;
  readonly user: ScenarioUser;
  readonly target: 'document' | 'review' | 'implementation';
  /** Names the document or register entry across steps ('P1', 'R03', 'I2'). */
  readonly alias: string;
  /** 'assign', a drafting command in kebab case, 'record' (review), 'register' or 'record-status'. */
  readonly command: string;
  /** The request body, `occurredOn` included. */
  readonly body: Record<string, unknown>;
}

type Line = readonly [date: string, user: ScenarioUser, command: string, body?: Record<string, unknown>];
const steps = (target: ScenarioStep['target'], alias: string, lines: readonly Line[]) =>
  lines.map(([date, user, command, body = {}]): ScenarioStep => ({
    on: date,
    user,
    target,
    alias,
    command,
    body: { ...body, occurredOn: date },
  }));

const draft = (title: string, origin: 'programme' | 'additional', plannedMonth?: string) => ({
  kind: 'committee_decision',
  title,
  agency: SCENARIO_AGENCY,
  procedure: 'standard',
  origin,
  year: SCENARIO_YEAR,
  ...(plannedMonth && { plannedMonth }),
});
const fit = (reportNumber: string, reportDate: string) => ({ outcome: 'fit', reportNumber, reportDate });
const issue = (documentNumber: string, signingDate: string, effectiveDate: string) => ({
  documentNumber,
  signingDate,
  effectiveDate,
});

// Programme draft issued on time: submitted in March for a planned April.
const P1 = steps('document', 'P1', [
  [
    '2019-01-07',
    'office',
    'assign',
    draft('Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh', 'programme', '2019-04'),
  ],
  ['2019-01-10', 'drafter', 'start-drafting'],
  ['2019-01-21', 'drafter', 'open-consultation'],
  ['2019-02-25', 'drafter', 'close-consultation'],
  ['2019-02-27', 'lead', 'send-for-appraisal'],
  ['2019-03-11', 'appraiser', 'record-appraisal', fit('21/BC-STP', '2019-03-11')],
  ['2019-03-20', 'lead', 'submit'],
  ['2019-04-10', 'office', 'adopt'],
  ['2019-04-12', 'office', 'issue', issue('08/2019/QĐ-UBND', '2019-04-12', '2019-04-25')],
  ['2019-04-16', 'office', 'record-publication', { publishedOn: '2019-04-16' }],
]);

// Programme draft issued late: its dossier came back once, then an appraisal found it not fit.
const P2 = steps('document', 'P2', [
  [
    '2019-01-07',
    'office',
    'assign',
    draft('Quy định về hoạt động chuyển giao công nghệ trên địa bàn tỉnh', 'programme', '2019-05'),
  ],
  ['2019-01-14', 'drafter', 'start-drafting'],
  ['2019-02-11', 'drafter', 'open-consultation'],
  ['2019-03-14', 'drafter', 'close-consultation'],
  ['2019-03-18', 'lead', 'send-for-appraisal'],
  [
    '2019-03-25',
    'appraiser',
    'return-dossier',
    { reason: 'Hồ sơ thiếu bản tổng hợp, giải trình ý kiến góp ý' },
  ],
  ['2019-04-01', 'drafter', 'record-revision', { summary: 'Bổ sung bản tổng hợp ý kiến góp ý' }],
  ['2019-04-03', 'lead', 'send-for-appraisal'],
  ['2019-04-15', 'appraiser', 'record-appraisal', { ...fit('30/BC-STP', '2019-04-15'), outcome: 'not_fit' }],
  ['2019-05-06', 'drafter', 'record-revision', { summary: 'Chỉnh lý theo báo cáo thẩm định số 30/BC-STP' }],
  ['2019-05-08', 'lead', 'send-for-appraisal'],
  ['2019-05-20', 'appraiser', 'record-appraisal', fit('41/BC-STP', '2019-05-20')],
  ['2019-06-10', 'lead', 'submit'],
  ['2019-07-02', 'office', 'adopt'],
  ['2019-07-05', 'office', 'issue', issue('15/2019/QĐ-UBND', '2019-07-05', '2019-07-20')],
]);

// Programme draft still being revised, never appraised, past its planned July.
const P3 = steps('document', 'P3', [
  [
    '2019-01-07',
    'office',
    'assign',
    draft('Quy định quản lý hoạt động sở hữu trí tuệ', 'programme', '2019-07'),
  ],
  ['2019-03-04', 'drafter', 'start-drafting'],
  ['2019-05-06', 'drafter', 'open-consultation'],
  ['2019-06-10', 'drafter', 'close-consultation'],
  ['2019-07-15', 'drafter', 'record-revision', { summary: 'Tiếp thu ý kiến của các sở, ngành' }],
]);

// Additionally assigned, submitted on 5 August and decided only after the inspection.
const A1 = steps('document', 'A1', [
  [
    '2019-03-15',
    'office',
    'assign',
    draft('Quy định mức hỗ trợ doanh nghiệp khoa học và công nghệ', 'additional'),
  ],
  ['2019-03-19', 'drafter', 'start-drafting'],
  ['2019-03-25', 'drafter', 'open-consultation'],
  ['2019-04-26', 'drafter', 'close-consultation'],
  ['2019-05-03', 'lead', 'send-for-appraisal'],
  ['2019-05-17', 'appraiser', 'record-appraisal', fit('35/BC-STP', '2019-05-17')],
  ['2019-08-05', 'lead', 'submit'],
  ['2019-08-17', 'office', 'adopt'],
  ['2019-08-26', 'office', 'issue', issue('22/2019/QĐ-UBND', '2019-08-26', '2019-09-10')],
]);

// Additionally assigned in July, being drafted.
const A2 = steps('document', 'A2', [
  [
    '2019-07-01',
    'office',
    'assign',
    draft('Quy định quản lý an toàn bức xạ trong y tế và công nghiệp', 'additional'),
  ],
  ['2019-07-10', 'drafter', 'start-drafting'],
]);

const REVIEWS: readonly [string, ScenarioUser, string, string][] = [
  ['2019-02-18', 'drafter', '15/2012/QĐ-UBND', 'keep'],
  ['2019-02-18', 'drafter', '22/2013/QĐ-UBND', 'amend'],
  ['2019-03-05', 'drafter', '07/2014/QĐ-UBND', 'keep'],
  ['2019-03-26', 'lead', '31/2015/QĐ-UBND', 'replace'],
  ['2019-04-22', 'drafter', '12/2016/QĐ-UBND', 'keep'],
  ['2019-05-13', 'drafter', '03/2011/QĐ-UBND', 'repeal'],
  ['2019-06-04', 'drafter', '18/2010/QĐ-UBND', 'expired'],
  ['2019-06-24', 'lead', '25/2017/QĐ-UBND', 'amend'],
  ['2019-07-29', 'drafter', '09/2018/QĐ-UBND', 'keep'],
  // On the day of the inspection: "as of 16 August" includes the whole day.
  ['2019-08-16', 'drafter', '11/2016/NQ-HĐND', 'amend'],
];
const R = REVIEWS.flatMap(([date, user, reviewedDocument, outcome], i) =>
  steps('review', `R${String(i + 1).padStart(2, '0')}`, [
    [date, user, 'record', { reviewedDocument, outcome, reviewedOn: date, year: SCENARIO_YEAR }],
  ]),
);

const entry = (title: string, legalBasis: string, dueOn: string) => ({
  agency: SCENARIO_AGENCY,
  year: SCENARIO_YEAR,
  title,
  legalBasis,
  dueOn,
});
const I = [
  steps('implementation', 'I1', [
    [
      '2019-01-08',
      'office',
      'register',
      entry('Kế hoạch triển khai Luật Chuyển giao công nghệ', 'Luật 07/2017/QH14', '2019-06-30'),
    ],
    ['2019-03-01', 'drafter', 'record-status', { status: 'in_progress' }],
    ['2019-06-14', 'drafter', 'record-status', { status: 'done', note: 'Đã ban hành kế hoạch' }],
  ]),
  steps('implementation', 'I2', [
    [
      '2019-01-08',
      'office',
      'register',
      entry('Hướng dẫn thi hành Nghị định 76/2018/NĐ-CP', 'Nghị định 76/2018/NĐ-CP', '2019-09-30'),
    ],
    ['2019-07-10', 'drafter', 'record-status', { status: 'done' }],
  ]),
  steps('implementation', 'I3', [
    [
      '2019-01-08',
      'office',
      'register',
      entry('Quản lý chất lượng sản phẩm, hàng hóa', 'Nghị định 74/2018/NĐ-CP', '2019-12-31'),
    ],
    ['2019-04-15', 'drafter', 'record-status', { status: 'in_progress' }],
  ]),
  steps('implementation', 'I4', [
    [
      '2019-01-08',
      'office',
      'register',
      entry('Quy chế xét giao nhiệm vụ khoa học và công nghệ', 'Thông tư 02/2018/TT-BKHCN', '2019-12-31'),
    ],
    ['2019-08-01', 'drafter', 'record-status', { status: 'in_progress', note: 'Đang lấy ý kiến các đơn vị' }],
  ]),
  steps('implementation', 'I5', [
    [
      '2019-02-01',
      'lead',
      'register',
      entry('Đề án hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo', 'Quyết định 844/QĐ-TTg', '2019-12-31'),
    ],
  ]),
].flat();

/**
 * Every step in the order of business dates; a stable sort keeps each alias's own order and, on
 * one day, the drafts before the reviews before the register.
 */
export const SCENARIO_2019: readonly ScenarioStep[] = [...P1, ...P2, ...P3, ...A1, ...A2, ...R, ...I].sort(
  (a, b) => a.on.localeCompare(b.on),
);
