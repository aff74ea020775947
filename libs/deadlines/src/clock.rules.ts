// The clock rules as data (lifecycle.md, "Deadlines (clocks)"). Numbers marked unverified were
// not checked against the official text; change them here, never in the clock logic.
import { RULES, type Regime, type Role } from '#drafting';
import type { ClockName, ClockRule, ClockRuleSet, DueRule, Duration, RuleBook } from './rule.types.js';

/**
 * Rule parameters lifecycle.md leaves to configuration because they were not confirmed against
 * the official text (the README's configuration table names them).
 */
export interface UnverifiedClockSettings {
  /** Regime 2025: calendar days to appraise, from the dossier accepted complete (Decree 78/2025; unverified). */
  readonly appraisalDays2025: number;
  /** Working days the Department of Justice has to accept a dossier as complete or return it (unverified). */
  readonly dossierCheckWorkingDays: number;
}

/** The defaults: 2025 keeps 2021's 15 days; five working days to check a dossier (both unverified). */
export const DEFAULT_UNVERIFIED_SETTINGS: UnverifiedClockSettings = {
  appraisalDays2025: 15,
  dossierCheckWorkingDays: 5,
};

const days = (amount: number): Duration => ({ unit: 'calendar_days', amount });
const workingDays = (amount: number): Duration => ({ unit: 'working_days', amount });
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
function statutory(regime: Regime, settings: UnverifiedClockSettings): ClockRuleSet {
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
      // A decision of the Chair is posted at least 10 days (Decree 187/2025 Art 51a).
      dueByKind: {
        chair_decision: {
          due: {
            kind: 'after_start',
            duration: days(RULES[regime].chairPostingMinimumDays),
            from: 'openedAt',
          },
        },
      },
      rollToNextWorkingDay: false,
      reminders: [remind(days(0), 'drafter')],
      basis: `Law 80/2015 art. 120, 129; a Chair's decision 10 days, Decree 187/2025 art. 51a${later}`,
    },
    department_answers: {
      kind: 'deadline',
      // Only a decision of the Chair is sent to the four departments that must answer.
      startsOn: { event: 'ConsultationOpened', kinds: ['chair_decision'] },
      // The last answer meets it; a consultation closed first (allowed once the period ran) ends it.
      stopsOn: ['DepartmentsAnswered', 'ConsultationClosed'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'after_start', duration: days(RULES[regime].departmentAnswerDays), from: 'openedAt' },
      dueIfSimplified: {
        kind: 'after_start',
        duration: days(RULES[regime].departmentAnswerDaysSimplified),
        from: 'openedAt',
      },
      rollToNextWorkingDay: true,
      reminders: [remind(days(1), 'drafter')],
      escalation: { roles: LEAD },
      basis:
        'Decree 187/2025 art. 51a: Finance, Home Affairs, Justice, Science and Technology answer within 7 days, 3 if simplified (reminder offset chosen)',
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
    dossier_check: {
      kind: 'deadline',
      startsOn: { event: 'SentForAppraisal' },
      // A report recorded without an acceptance also ends the check: the dossier was taken up.
      stopsOn: ['DossierAccepted', 'DossierReturned', 'AppraisalRecorded'],
      cancelledBy: WITHDRAWN,
      due: { kind: 'after_start', duration: workingDays(settings.dossierCheckWorkingDays) },
      rollToNextWorkingDay: true,
      reminders: [remind(workingDays(1), 'appraiser')],
      // No role for the appraiser's head exists: the appraisal office is told.
      escalation: { roles: ['appraiser'] },
      basis: `the Department of Justice checks the dossier is complete (${settings.dossierCheckWorkingDays} working days unverified, configured; reminder offset chosen)${later}`,
    },
    appraisal_report: appraisalReport(regime, settings),
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

/**
 * The appraisal report. 2016 (Art 121(3), 130 of the 2015 text): counted from sending, due at the
 * latest 10 days before the UBND meeting; a draft with no meeting set counts 10 days from sending
 * (unverified). 2021 (Art 121, 130 as amended in 2020): 15 days from the dossier accepted complete
 * (AcceptDossier). 2025: from acceptance, the configured days (Decree 78/2025, unverified).
 * Simplified: 7 days in every regime (Art 148), from the same start.
 */
function appraisalReport(regime: Regime, settings: UnverifiedClockSettings): ClockRule {
  const fromAcceptance = regime !== '2016';
  const basis: Record<Regime, string> = {
    '2016':
      'Law 80/2015 art. 121(3), 130 (10 days before the UBND meeting; from sending without one, unverified)',
    '2021': 'Law 80/2015 art. 121, 130 as amended by Law 63/2020 (15 days from the complete dossier)',
    '2025': `Law 64/2025, Decree 78/2025 (${settings.appraisalDays2025} days from the complete dossier: unverified, configured)`,
  };
  return {
    kind: 'deadline',
    startsOn: { event: fromAcceptance ? 'DossierAccepted' : 'SentForAppraisal' },
    stopsOn: ['AppraisalRecorded', 'DossierReturned'],
    cancelledBy: WITHDRAWN,
    due:
      regime === '2016'
        ? { kind: 'before_date', field: 'meetingDate', duration: days(10), otherwise: days10() }
        : { kind: 'after_start', duration: days(regime === '2021' ? 15 : settings.appraisalDays2025) },
    dueIfSimplified: { kind: 'after_start', duration: days(7) },
    rollToNextWorkingDay: true,
    reminders: [remind(days(2), 'appraiser')],
    // No role for the appraiser's head exists: the appraisal office is told.
    escalation: { roles: ['appraiser', 'drafting_lead'] },
    basis: `${basis[regime]}; simplified art. 148 (7 days)`,
  };
}

/** The statutory rules of each regime, with the unverified parameters configuration gives. */
export function statutoryRules(settings: UnverifiedClockSettings = DEFAULT_UNVERIFIED_SETTINGS): RuleBook {
  return {
    name: 'statutory',
    regimes: {
      '2016': statutory('2016', settings),
      '2021': statutory('2021', settings),
      '2025': statutory('2025', settings),
    },
  };
}

/** The statutory rules of each regime with the default unverified parameters (lifecycle.md's). */
export const STATUTORY_RULES: RuleBook = statutoryRules();

/** Every statutory clock with its durations replaced by seconds counted from the start event. */
function inSeconds(dueAfter: number, reminderBefore: number): (rule: ClockRule) => ClockRule {
  return ({ dueByKind: _byKind, ...rule }) => ({
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

/** One regime's statutory clocks in seconds: the same starts, stops and roles. */
function testSet(regime: Regime): ClockRuleSet {
  const base = STATUTORY_RULES.regimes[regime].clocks;
  const shortClock = inSeconds(20, 5);
  return {
    reminderHour: 8,
    clocks: {
      programme_submission: inSeconds(30, 10)(base.programme_submission),
      consultation_minimum: inSeconds(10, 0)(base.consultation_minimum),
      dossier_before_meeting: shortClock(base.dossier_before_meeting),
      department_answers: shortClock(base.department_answers),
      dossier_check: shortClock(base.dossier_check),
      appraisal_report: shortClock(base.appraisal_report),
      verification_before_session: shortClock(base.verification_before_session),
      gazette_dispatch: inSeconds(10, 5)(base.gazette_dispatch),
      gazette_publication: shortClock(base.gazette_publication),
    },
  };
}

/**
 * Seconds instead of days, the same starts, stops and roles: selected by configuration so that
 * end-to-end tests can run real clocks through Redis.
 */
export const TEST_RULES: RuleBook = {
  name: 'test',
  regimes: { '2016': testSet('2016'), '2021': testSet('2021'), '2025': testSet('2025') },
};
