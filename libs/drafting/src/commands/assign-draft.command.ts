import { z } from 'zod';
import { event } from '../draft.events.js';
import { DOCUMENT_KINDS, ORIGINS, PROCEDURES } from '../draft.types.js';
import { agencySlug, businessDate, isoDate, isoMonth, text, TITLE_MAX } from '../input.schema.js';
import { stillToCome, today } from '../decision-context.js';
import { GuardViolation } from '../domain.errors.js';
import { CHAIR_DECISIONS_FROM, regimeAt } from '../regime.rules.js';
import { noMeetingForTheChair } from './grants.js';
import { yearOf } from '../dates.js';
import { defineCreation } from './define-command.js';

const input = z
  .strictObject({
    occurredOn: businessDate,
    kind: z.enum(DOCUMENT_KINDS),
    title: text(TITLE_MAX),
    agency: agencySlug,
    procedure: z.enum(PROCEDURES),
    origin: z.enum(ORIGINS),
    year: z.number().int().min(2000).max(2100),
    plannedMonth: isoMonth.optional(),
    meetingDate: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.origin === 'programme' && v.plannedMonth === undefined)
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'required for a programme draft' });
    if (v.origin === 'additional' && v.plannedMonth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'only a programme draft has one' });
    if (v.plannedMonth !== undefined && !v.plannedMonth.startsWith(`${v.year}-`))
      ctx.addIssue({ code: 'custom', path: ['plannedMonth'], message: 'must be a month of `year`' });
  })
  // The description says what JSON Schema can of the rules above (the month's year it cannot).
  .meta({
    if: { properties: { origin: { const: 'programme' } }, required: ['origin'] },
    then: { required: ['plannedMonth'] },
    else: { not: { required: ['plannedMonth'] } },
  });

/** The committee office puts a draft in the programme (or adds one) and names its agency. */
export const AssignDraft = defineCreation({
  name: 'AssignDraft',
  input,
  grants: [{ roles: ['committee_office'] }],
  labels: { vi: 'Giao soạn thảo', en: 'Assign draft' },
  // The regime in force on the assignment date is fixed for the whole document.
  decide(data, ctx) {
    if (data.meetingDate !== undefined) noMeetingForTheChair(data.kind);
    if (data.meetingDate !== undefined) stillToCome(data.meetingDate, ctx, 'the UBND meeting on');
    // Law 87/2025, Decree 187/2025 Art 51a: the Chair's own normative decisions exist from 1 July 2025.
    if (data.kind === 'chair_decision' && today(ctx) < CHAIR_DECISIONS_FROM)
      throw new GuardViolation(
        `a decision of the Chair may be assigned from ${CHAIR_DECISIONS_FROM}, not on ${today(ctx)}`,
        'chair_decision_in_force',
      );
    const regime = regimeAt(today(ctx));
    return [event('DraftAssigned', { documentId: ctx.documentId, ...data, regime })];
  },
  // Literals `as const`: TypeScript widens them in a return typed by the inferred schema.
  sample: (day) => ({
    kind: 'committee_decision' as const,
    title: 'Quy định mẫu',
    agency: 'so-mau',
    procedure: 'standard' as const,
    origin: 'additional' as const,
    year: yearOf(day),
  }),
});
