// The facts the registers record. Plain JSON, optional keys omitted; who is metadata. Each event
// carries the business date of its step (`occurredOn`; absent on events recorded before it existed).
import type { ImplementationStatus, ReviewOutcome } from './registers.schema.js';

type Event<T extends string, D> = { type: T; data: D; schemaVersion: 1 };

export type ReviewRecorded = Event<
  'ReviewRecorded',
  {
    reviewId: string;
    agency: string;
    year: number;
    reviewedDocument: string;
    outcome: ReviewOutcome;
    reviewedOn: string;
    note?: string;
    occurredOn?: string;
  }
>;

export type ImplementationRegistered = Event<
  'ImplementationRegistered',
  {
    implementationId: string;
    agency: string;
    year: number;
    title: string;
    legalBasis?: string;
    dueOn?: string;
    occurredOn?: string;
  }
>;

export type ImplementationStatusRecorded = Event<
  'ImplementationStatusRecorded',
  { status: ImplementationStatus; note?: string; occurredOn?: string }
>;

export type ReviewEvent = ReviewRecorded;
export type ImplementationEvent = ImplementationRegistered | ImplementationStatusRecorded;
export type RegisterEvent = ReviewEvent | ImplementationEvent;

/** Builds a register event, dropping keys whose value is undefined so the data stays plain JSON. */
export function registerEvent<E extends RegisterEvent>(type: E['type'], data: E['data']): E {
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return { type, data: clean, schemaVersion: 1 } as E;
}

export const reviewStream = (reviewId: string) => `review-${reviewId}`;
export const implementationStream = (implementationId: string) => `implementation-${implementationId}`;
