// The clock rules as data (lifecycle.md, "Deadlines (clocks)"). Numbers marked unverified were
// not checked against the official text; change them here, never in the clock logic.
import { RULES, type Regime, type Role } from '#drafting';
import type { ClockName, ClockRule, ClockRuleSet, DueRule, Duration, RuleBook } from './rule.types.js';

const days = (amount: number): Duration => ({ unit: 'calendar_days', amount });
const seconds = (amount: number): Duration => ({ unit: 'seconds', amount });
const days10 = (): DueRule => ({ kind: 'after_start', duration: days(10) });
const remind = (before: Duration, ...roles: Role[]) => ({ before, roles });

const LEAD: Role[] = ['drafting_lead'];
const COMMITTEE: Role[] = ['committee_office'];
const COUNCIL: Role[] = ['council_office'];
const WITHDRAWN = ['Withdrawn'] as const;

// Civil Code 2015 art. 147–148: a period in days starts the day after its event and ends at the
// end of its last day, moved to the next working day when that day is a weekend or holiday. So
// periods counted after an event roll forward; periods counted back from a meeting do not, since
// rolling forward would shorten the lead time the law gives the meeting.
function statutory(regime: Regime): ClockRuleSet {
  const later = regime === '2025' ? ' (kept for Law 64/2025, unverified)' : '';
  const clocks: Record<ClockName, ClockRule> = {
    programme_submission: {
      kind: 'deadline',
      startsOn: { event: 'DraftAssigned', requires: 'plannedMonth' },
      stopsOn: ['Submitted'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'end_of_month', field: 'plannedMonth' },
      // A plan, not a statutory period: a submission on the 1st of the next month is late.
      rollToNextWorkingDay: false,
      reminders: [remind(days(14), ...LEAD), remind(days(3), ...LEAD)],
      escalation: { roles: ['drafting_lead', 'inspector'] },
      basis: `annual work programme, planned month${later}`,
    },
    consultation_minimum: {
      kind: 'minimum',
      startsOn: { event: 'ConsultationOpened' },
      // The table says it runs out; closing (early only when simplified) also ends it, so the
      // "may close" reminder is not sent for a consultation already closed.
      stopsOn: ['ConsultationClosed'],
      cancelledBy: WITHDRAWN,
      // The same number the drafting domain guards CloseConsultation with.
      due: { kind: 'after_start', duration: days(RULES[regime].consultationMinimumDays), from: 'openedAt' },
      rollToNextWorkingDay: false,
      reminders: [remind(days(0), 'drafter')],
      basis: `Law 80/2015 art. 120, 129${later}`,
    },
    dossier_before_meeting: {
      kind: 'deadline',
      // Set at assignment or later (SetMeetingDate); a new date cancels the clock and starts it again.
      startsOn: { event: 'DraftAssigned', alsoOn: ['MeetingDateSet'], requires: 'meetingDate' },
      stopsOn: ['SentForAppraisal'],
      cancelledBy: [...WITHDRAWN, 'MeetingDateSet'],
      due: { kind: 'before_date', field: 'meetingDate', duration: days(20) },
      rollToNextWorkingDay: false,
      reminders: [remind(days(5), ...LEAD)],
      escalation: { roles: LEAD },
      basis: `Law 80/2015 art. 121, 130${later}`,
    },
    appraisal_report: {
      kind: 'deadline',
      startsOn: { event: 'SentForAppraisal' },
      stopsOn: ['AppraisalRecorded', 'DossierReturned'],
      cancelledBy: WITHDRAWN,
      // 2016 (Art 121(3), 130 of the 2015 text): the report is due at the latest 10 days before the
      // UBND meeting; a draft with no meeting set counts 10 days from sending (unverified). 2021/2025:
      // counted from sending, the dossier taken to be complete on receipt (AcceptDossier is not yet
      // recorded; unverified). Simplified: 7 days in every regime (Art 148).
      due:
        regime === '2016'
          ? { kind: 'before_date', field: 'meetingDate', duration: days(10), otherwise: days10() }
          : days10(),
      dueIfSimplified: { kind: 'after_start', duration: days(7) },
      rollToNextWorkingDay: true,
      reminders: [remind(days(2), 'appraiser')],
      // No role for the appraiser's head exists: the appraisal office is told.
      escalation: { roles: ['appraiser', 'drafting_lead'] },
      basis: `Law 80/2015 art. 121, 130${regime === '2016' ? ' (10 days before the UBND meeting)' : ''}; simplified art. 148 (unverified)${later}`,
    },
    verification_before_session: {
      kind: 'deadline',
      startsOn: { event: 'ApprovedForCouncil', requires: 'sessionDate' },
      stopsOn: ['SubmittedToCouncil'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'before_date', field: 'sessionDate', duration: days(20) },
      rollToNextWorkingDay: false,
      reminders: [remind(days(5), ...COUNCIL)],
      escalation: { roles: COUNCIL },
      basis: `Law 80/2015 art. 124 (20 days unverified; reminder offset chosen)${later}`,
    },
    gazette_dispatch: {
      kind: 'deadline',
      startsOn: { event: 'Issued' },
      stopsOn: ['PublicationRecorded'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'after_start', duration: days(3), from: 'signingDate' },
      rollToNextWorkingDay: true,
      reminders: [remind(days(1), ...COMMITTEE)],
      escalation: { roles: COMMITTEE },
      basis: `Law 80/2015 art. 150 (reminder offset chosen)${later}`,
    },
    gazette_publication: {
      kind: 'deadline',
      // No dispatch event exists yet: counted from signing as 3 days to dispatch + 7 after
      // receipt, taking receipt to be the last day of dispatch.
      startsOn: { event: 'Issued' },
      stopsOn: ['PublicationRecorded'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'after_start', duration: days(10), from: 'signingDate' },
      // Art 151(2): a simplified document is in the Gazette no later than 3 days after signing.
      dueIfSimplified: { kind: 'after_start', duration: days(3), from: 'signingDate' },
      rollToNextWorkingDay: true,
      reminders: [remind(days(2), ...COMMITTEE)],
      escalation: { roles: COMMITTEE },
      basis: `Law 80/2015 art. 150, simplified art. 151(2) (start approximated; reminder offset chosen)${later}`,
    },
  };
  return { reminderHour: 8, clocks };
}

/** The statutory rules of each regime (lifecycle.md's defaults; 2025 keeps them, unverified). */
export const STATUTORY_RULES: RuleBook = {
  name: 'statutory',
  regimes: { '2016': statutory('2016'), '2021': statutory('2021'), '2025': statutory('2025') },
};

/** Every statutory clock with its durations replaced by seconds counted from the start event. */
function inSeconds(dueAfter: number, reminderBefore: number): (rule: ClockRule) => ClockRule {
  return (rule) => ({
    ...rule,
    due: { kind: 'after_start', duration: seconds(dueAfter) },
    ...(rule.dueIfSimplified && {
      dueIfSimplified: { kind: 'after_start', duration: seconds(dueAfter / 2) },
    }),
    rollToNextWorkingDay: false,
    // The earliest reminder stays first, as in the statutory set.
    reminders: rule.reminders.map((r, i) => ({
      ...r,
      before: seconds(reminderBefore * (rule.reminders.length - i)),
    })),
  });
}

const base = statutory('2021').clocks;
const shortClock = inSeconds(20, 5);
const TEST_SET: ClockRuleSet = {
  reminderHour: 8,
  clocks: {
    programme_submission: inSeconds(30, 10)(base.programme_submission),
    consultation_minimum: inSeconds(10, 0)(base.consultation_minimum),
    dossier_before_meeting: shortClock(base.dossier_before_meeting),
    appraisal_report: shortClock(base.appraisal_report),
    verification_before_session: shortClock(base.verification_before_session),
    gazette_dispatch: inSeconds(10, 5)(base.gazette_dispatch),
    gazette_publication: shortClock(base.gazette_publication),
  },
};

/**
 * Seconds instead of days, the same starts, stops and roles: selected by configuration so that
 * end-to-end tests can run real clocks through Redis.
 */
export const TEST_RULES: RuleBook = {
  name: 'test',
  regimes: { '2016': TEST_SET, '2021': TEST_SET, '2025': TEST_SET },
};
