import { Query, QueryHandler, QueryBus, type IQueryHandler } from '@nestjs/cqrs';
import { authorizingRole, Forbidden, kebabCase, localDate, numberingCommand, numberingYear } from '#drafting';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock.js';
import { DocumentNumbers } from './document-numbers.js';
import { GetDocumentQuery } from './get-document.query.js';

export interface NextNumberAnswer {
  readonly documentId: string;
  /** The route of the command that enters the number (issue or certify). */
  readonly command: string;
  readonly year: number;
  /** The next free number of the issuer in that year (the engine proposes; people decide). */
  readonly documentNumber: string;
}

export class NextNumberQuery extends Query<NextNumberAnswer> {
  constructor(
    readonly documentId: string,
    readonly actor: Principal,
    /** The day it is to be signed (a decision's number carries its signing year); default today. */
    readonly signingDate?: string,
  ) {
    super();
  }
}

/**
 * The next free number for a document, for whoever may enter it (Issue for a decision, Certify
 * for a resolution; Art 10(3)(c) of the 2015 law): 404 for a document the caller may not see,
 * 403 for a role that may not number it.
 */
@QueryHandler(NextNumberQuery)
export class NextNumberHandler implements IQueryHandler<NextNumberQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly numbers: DocumentNumbers,
    private readonly clock: Clock,
  ) {}

  async execute({ documentId, actor, signingDate }: NextNumberQuery): Promise<NextNumberAnswer> {
    const draft = await this.queries.execute(new GetDocumentQuery(documentId, actor));
    const command = numberingCommand(draft.kind);
    if (authorizingRole(command, draft, actor) === undefined) throw new Forbidden(command);
    const year = numberingYear(draft, signingDate ?? localDate(this.clock.now().toISOString()));
    return {
      documentId,
      command: kebabCase(command),
      year,
      documentNumber: await this.numbers.propose(draft.kind, year),
    };
  }
}
