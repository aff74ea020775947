import {
  canSeeImplementation,
  canSeeReview,
  decideImplementation,
  decideReview,
  DocumentNotFound,
  evolveImplementation,
  evolveReview,
  Forbidden,
  implementationAuthorizingRole,
  implementationStream,
  reviewAuthorizingRole,
  reviewStream,
  type ImplementationCommand,
  type ImplementationEvent,
  type ImplementationState,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewState,
} from '#drafting';
import { v5 as uuidv5 } from 'uuid';
import type { AggregateKind } from '../store/aggregate.repository.js';

/** Namespace for register entry ids derived from idempotency keys. */
const NAMESPACE = 'b0a4f1de-3c57-4e0f-8d8a-52f6f0e1c9a3';

/** A new entry's id: deterministic under an Idempotency-Key, so a retried creation is the same entry. */
export const entryIdFor = (
  register: 'review' | 'implementation',
  userId: string,
  key: string | undefined,
  random: () => string,
) => (key ? uuidv5(`${register}\n${userId}\n${key}`, NAMESPACE) : random());

// As for documents: an entry of another agency answers exactly as a missing one (404), and a
// role that may not run the command gets 403.
export const REVIEWS: AggregateKind<ReviewCommand, ReviewEvent, ReviewState> = {
  stream: reviewStream,
  evolve: evolveReview,
  initial: undefined,
  decide: decideReview,
  authorize(command, state, actor, id) {
    if (state !== undefined && !canSeeReview(state, actor)) throw new DocumentNotFound(id);
    const role = reviewAuthorizingRole(actor);
    if (!role) throw new Forbidden(command.type, 'this register');
    return role;
  },
};

export const IMPLEMENTATIONS: AggregateKind<ImplementationCommand, ImplementationEvent, ImplementationState> =
  {
    stream: implementationStream,
    evolve: evolveImplementation,
    initial: undefined,
    decide: decideImplementation,
    authorize(command, state, actor, id) {
      if (state === undefined && command.type !== 'RegisterImplementation') throw new DocumentNotFound(id);
      if (state !== undefined && !canSeeImplementation(state, actor)) throw new DocumentNotFound(id);
      const role = implementationAuthorizingRole(command, state, actor);
      if (!role) throw new Forbidden(command.type, 'this entry');
      return role;
    },
  };
