import { Module } from '@nestjs/common';
import { ProjectionsModule } from '#projections';
import { DocumentHistoryHandler } from './document-history.query.js';
import { ListDocumentsHandler } from './list-documents.query.js';
import { ReadSideController } from './read-side.controller.js';

/**
 * The document list and history, answered from read models. ProjectionsModule provides them
 * (global READ_MODELS) and, when RUN_PROJECTIONS says so, runs their projections in this process.
 */
@Module({
  imports: [ProjectionsModule.forRoot()],
  controllers: [ReadSideController],
  providers: [ListDocumentsHandler, DocumentHistoryHandler],
})
export class ReadSideModule {}
