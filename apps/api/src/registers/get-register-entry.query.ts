import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  canSeeImplementation,
  canSeeReview,
  DocumentNotFound,
  type Implementation,
  type Review,
} from '#drafting';
import { formatPosition } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { RegisterRepositories } from './register.repositories.js';

type Versioned<T> = T & { readonly revision: number; readonly position: string };
export type RegisterEntryView = Versioned<Review> | Versioned<Implementation>;

export class GetRegisterEntryQuery extends Query<RegisterEntryView> {
  constructor(
    readonly register: 'review' | 'implementation',
    readonly id: string,
    readonly actor: Principal,
  ) {
    super();
  }
}

/** An entry replayed from its stream; another agency's entry answers 404 like a missing one. */
@QueryHandler(GetRegisterEntryQuery)
export class GetRegisterEntryHandler implements IQueryHandler<GetRegisterEntryQuery> {
  constructor(private readonly registers: RegisterRepositories) {}

  async execute({ register, id, actor }: GetRegisterEntryQuery): Promise<RegisterEntryView> {
    const { state, history } =
      register === 'review'
        ? await this.registers.reviews.load(id)
        : await this.registers.implementations.load(id);
    const visible =
      state !== undefined &&
      (register === 'review'
        ? canSeeReview(state as Review, actor)
        : canSeeImplementation(state as Implementation, actor));
    if (!visible) throw new DocumentNotFound(id);
    const last = history[history.length - 1];
    return { ...state, revision: last.revision, position: formatPosition(last.position) };
  }
}
