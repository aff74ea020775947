import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ImplementationCommand, ReviewCommand } from '#drafting';
import type { AggregateRequest } from '../store/aggregate.repository.js';
import { RegisterRepositories } from './register.repositories.js';

/** What a register command answers: the entry's revision (send it as If-Match) and its position. */
export interface RegisterAnswer {
  readonly id: string;
  readonly revision: number;
  readonly position: string;
  readonly events: readonly string[];
  /** Implementation entries: the status after the command. */
  readonly status?: string;
}

export type RegisterRequest =
  | { readonly register: 'review'; readonly request: AggregateRequest<ReviewCommand> }
  | { readonly register: 'implementation'; readonly request: AggregateRequest<ImplementationCommand> };

export class ExecuteRegisterCommand extends Command<RegisterAnswer> {
  constructor(readonly input: RegisterRequest) {
    super();
  }
}

@CommandHandler(ExecuteRegisterCommand)
export class ExecuteRegisterCommandHandler implements ICommandHandler<ExecuteRegisterCommand> {
  constructor(private readonly registers: RegisterRepositories) {}

  async execute({ input }: ExecuteRegisterCommand): Promise<RegisterAnswer> {
    if (input.register === 'review') {
      const done = await this.registers.reviews.execute(input.request);
      return {
        id: done.id,
        revision: done.revision,
        position: done.position,
        events: done.events.map((e) => e.type),
      };
    }
    const done = await this.registers.implementations.execute(input.request);
    return {
      id: done.id,
      revision: done.revision,
      position: done.position,
      events: done.events.map((e) => e.type),
      ...(done.state && { status: done.state.status }),
    };
  }
}
