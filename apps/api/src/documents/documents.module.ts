import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller.js';
import { DraftRepository } from './draft.repository.js';
import { DocumentNumbers } from './document-numbers.js';
import { ExecuteDraftCommandHandler } from './execute-draft-command.handler.js';
import { GetDocumentHandler } from './get-document.query.js';
import { NextNumberHandler } from './next-number.query.js';
import { VerifyDocumentHandler } from './verify-document.query.js';

@Module({
  controllers: [DocumentsController],
  providers: [
    DraftRepository,
    DocumentNumbers,
    ExecuteDraftCommandHandler,
    GetDocumentHandler,
    NextNumberHandler,
    VerifyDocumentHandler,
  ],
})
export class DocumentsModule {}
