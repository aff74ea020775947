// A review (rà soát) of an existing legal document by an agency: one event in its own stream.
import type { DecisionContext } from '../decision-context.js';
import { DocumentAlreadyExists, Forbidden } from '../domain.errors.js';
import type { Actor, Role } from '../roles.js';
import { firstRole, seesRegisterOf } from './registers.access.js';
import { registerDay } from './registers.dates.js';
import { registerEvent, type ReviewEvent, type ReviewRecorded } from './registers.events.js';
import type { ReviewCommand, ReviewOutcome } from './registers.schema.js';

export interface Review {
  id: string;
  agency: string;
  year: number;
  reviewedDocument: string;
  outcome: ReviewOutcome;
  reviewedOn: string;
  note?: string;
}

/** undefined: the stream does not exist. */
export type ReviewState = undefined | Review;

const REVIEWERS: readonly Role[] = ['drafter', 'drafting_lead'];

/** The actor's role that may record a review (always for the actor's own agency). */
export const reviewAuthorizingRole = (actor: Actor): Role | undefined => firstRole(actor, REVIEWERS);

export const canSeeReview = (review: Review, actor: Actor): boolean => seesRegisterOf(review.agency, actor);

/** RecordReview: a drafter or lead records a review for the agency they belong to. */
export function decideReview(
  command: ReviewCommand,
  state: ReviewState,
  ctx: DecisionContext,
): ReviewEvent[] {
  if (!reviewAuthorizingRole(ctx.actor)) throw new Forbidden(command.type, 'this entry');
  if (state !== undefined) throw new DocumentAlreadyExists(ctx.documentId, 'entry');
  const { data } = command;
  // The review is dated reviewedOn; it may be recorded as of a later day, never an earlier one.
  const occurredOn = registerDay(data.occurredOn, data.reviewedOn, undefined, ctx);
  return [
    registerEvent<ReviewRecorded>('ReviewRecorded', {
      reviewId: ctx.documentId,
      agency: ctx.actor.agency,
      year: data.year,
      reviewedDocument: data.reviewedDocument,
      outcome: data.outcome,
      reviewedOn: data.reviewedOn,
      note: data.note,
      occurredOn,
    }),
  ];
}

export function evolveReview(state: ReviewState, event: ReviewEvent): ReviewState {
  if (state !== undefined) throw new Error(`ReviewRecorded on existing review ${state.id}`);
  // The business date of the recording stays in the event: the review's own date is reviewedOn.
  const { reviewId, occurredOn: _occurredOn, ...rest } = event.data;
  return { id: reviewId, ...rest };
}

export const replayReview = (events: readonly ReviewEvent[]): ReviewState =>
  events.reduce<ReviewState>(evolveReview, undefined);
