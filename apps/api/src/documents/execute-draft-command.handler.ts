import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DraftRepository, type CommandAnswer, type CommandRequest } from './draft.repository.js';

/** Any drafting command, already validated: the domain's `decide` tells them apart. */
export class ExecuteDraftCommand extends Command<CommandAnswer> {
  constructor(readonly request: CommandRequest) {
    super();
  }
}

// One handler for all commands: each use case's rules live in the pure domain (libs/drafting),
// and the path around them (load, authorize, decide, append) is the same for every one.
@CommandHandler(ExecuteDraftCommand)
export class ExecuteDraftCommandHandler implements ICommandHandler<ExecuteDraftCommand> {
  constructor(private readonly drafts: DraftRepository) {}
  execute({ request }: ExecuteDraftCommand): Promise<CommandAnswer> {
    return this.drafts.execute(request);
  }
}
