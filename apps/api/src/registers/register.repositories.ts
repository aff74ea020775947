import { Inject, Injectable } from '@nestjs/common';
import type {
  ImplementationCommand,
  ImplementationEvent,
  ImplementationState,
  ReviewCommand,
  ReviewEvent,
  ReviewState,
} from '#drafting';
import { EVENT_STORE, type EventStore } from '#event-store';
import { Clock } from '../clock.js';
import { AggregateRepository } from '../store/aggregate.repository.js';
import { IMPLEMENTATIONS, REVIEWS } from './register-kinds.js';

/** The reviews and the implementation register, each an aggregate of its own streams. */
@Injectable()
export class RegisterRepositories {
  readonly reviews: AggregateRepository<ReviewCommand, ReviewEvent, ReviewState>;
  readonly implementations: AggregateRepository<
    ImplementationCommand,
    ImplementationEvent,
    ImplementationState
  >;

  constructor(@Inject(EVENT_STORE) store: EventStore, clock: Clock) {
    this.reviews = new AggregateRepository(store, clock, REVIEWS);
    this.implementations = new AggregateRepository(store, clock, IMPLEMENTATIONS);
  }
}
