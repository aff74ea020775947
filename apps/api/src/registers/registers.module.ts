import { Module } from '@nestjs/common';
import { ExecuteRegisterCommandHandler } from './execute-register-command.handler.js';
import { GetRegisterEntryHandler } from './get-register-entry.query.js';
import { ImplementationsController } from './implementations.controller.js';
import { RegisterRepositories } from './register.repositories.js';
import { ReviewsController } from './reviews.controller.js';

/** Reviews (rà soát) of existing documents and the register of documents to implement. */
@Module({
  controllers: [ReviewsController, ImplementationsController],
  providers: [RegisterRepositories, ExecuteRegisterCommandHandler, GetRegisterEntryHandler],
})
export class RegistersModule {}
