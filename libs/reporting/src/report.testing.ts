// Literal event logs for the reporting specs: a draft's stream as [type, local date] pairs.
import type { DocumentKind } from '#drafting';
import type { ReportEvent } from './report.state.js';

const DATA: Record<string, Record<string, unknown>> = {
  ConsultationOpened: { openedAt: '2019-01-01' },
  ConsultationClosed: { closedAt: '2019-02-01' },
  DraftRevised: { revision: 1, summary: 'chỉnh lý' },
  DossierReturned: { reason: 'thiếu hồ sơ' },
  Adopted: { adoptedOn: '2019-01-01' },
  Issued: { documentNumber: '01/2019/QĐ-UBND', signingDate: '2019-01-01', effectiveDate: '2019-01-11' },
  PublicationRecorded: { publishedOn: '2019-01-02' },
  Withdrawn: { reason: 'gộp', fromStage: 'drafting' },
  Postponed: { meetingDate: '2019-12-01' },
};

/** Noon in Viet Nam on a date. */
export const noon = (date: string) => `${date}T05:00:00.000Z`;

export type Step = readonly [type: string, date: string, data?: Record<string, unknown>];

export interface DraftSpec {
  readonly id: string;
  readonly origin?: 'programme' | 'additional';
  readonly kind?: DocumentKind;
  readonly plannedMonth?: string;
  readonly agency?: string;
  readonly year?: number;
  readonly assignedOn: string;
}

/** The events of one draft: its assignment, then the steps in order. */
export function draftEvents(spec: DraftSpec, steps: readonly Step[] = []): ReportEvent[] {
  const origin = spec.origin ?? 'programme';
  const assigned: ReportEvent = {
    streamId: `draft-${spec.id}`,
    type: 'DraftAssigned',
    data: {
      documentId: spec.id,
      kind: spec.kind ?? 'committee_decision',
      title: `Dự thảo ${spec.id}`,
      agency: spec.agency ?? 'so-khcn',
      procedure: 'standard',
      origin,
      year: spec.year ?? 2019,
      ...(origin === 'programme' && { plannedMonth: spec.plannedMonth ?? '2019-06' }),
    },
    metadata: { occurredAt: noon(spec.assignedOn) },
  };
  return [
    assigned,
    ...steps.map(([type, date, data]) => ({
      streamId: `draft-${spec.id}`,
      type,
      data: data ?? DATA[type] ?? {},
      metadata: { occurredAt: noon(date) },
    })),
  ];
}

export const fit = { outcome: 'fit', reportNumber: '1/BC-STP', reportDate: '2019-01-01' };
export const notFit = { ...fit, outcome: 'not_fit' };

export const review = (
  id: string,
  on: string,
  outcome: string,
  agency = 'so-khcn',
  year = 2019,
): ReportEvent => ({
  streamId: `review-${id}`,
  type: 'ReviewRecorded',
  data: { reviewId: id, agency, year, reviewedDocument: `${id}/2012/QĐ-UBND`, outcome, reviewedOn: on },
  metadata: { occurredAt: noon(on) },
});

export const implementation = (id: string, on: string, agency = 'so-khcn', year = 2019): ReportEvent => ({
  streamId: `implementation-${id}`,
  type: 'ImplementationRegistered',
  data: { implementationId: id, agency, year, title: `Văn bản ${id}` },
  metadata: { occurredAt: noon(on) },
});

export const implementationStatus = (id: string, on: string, status: string): ReportEvent => ({
  streamId: `implementation-${id}`,
  type: 'ImplementationStatusRecorded',
  data: { status },
  metadata: { occurredAt: noon(on) },
});
