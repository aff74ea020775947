import type { Stage } from './draft.types.js';

/** A refusal by the domain. The API maps `code` to an HTTP status in one place. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** The command refused, when known (decide names it): the problem's title names it in the user's language. */
  command?: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not apply to the document's stage or kind (409). */
export class IllegalTransition extends DomainError {
  readonly code = 'DRAFT.ILLEGAL_TRANSITION';
  constructor(
    readonly stage: Stage,
    override readonly command: string,
    readonly reason?: string,
  ) {
    super(`${command} is not allowed in stage ${stage}${reason ? `: ${reason}` : ''}`);
  }
}

/** A rule of the law refused the command (409). */
export class GuardViolation extends DomainError {
  readonly code = 'DRAFT.GUARD_VIOLATION';
  constructor(
    message: string,
    readonly rule?: string,
  ) {
    super(message);
  }
}

/** The actor holds no role that may run the command on this document or entry (403). */
export class Forbidden extends DomainError {
  readonly code = 'DRAFT.FORBIDDEN';
  constructor(
    override readonly command: string,
    target = 'this document',
  ) {
    super(`None of your roles may run ${command} on ${target}`);
  }
}

/** What a stream holds: a document, or an entry of a register (reviews, implementations). */
export type Target = 'document' | 'entry';

/** A command other than AssignDraft on a stream that does not exist (404). */
export class DocumentNotFound extends DomainError {
  readonly code = 'DRAFT.NOT_FOUND';
  constructor(
    readonly documentId: string,
    target: Target = 'document',
  ) {
    super(`${target} ${documentId} not found`);
  }
}

/** AssignDraft (or a register's first command) on a stream that already exists (409). */
export class DocumentAlreadyExists extends DomainError {
  readonly code = 'DRAFT.ALREADY_EXISTS';
  constructor(
    readonly documentId: string,
    target: Target = 'document',
  ) {
    super(`${target} ${documentId} already exists`);
  }
}

/** The document number is held by another document (409). */
export class DocumentNumberTaken extends DomainError {
  readonly code = 'DRAFT.NUMBER_TAKEN';
  constructor(
    readonly number: string,
    readonly heldBy: string,
  ) {
    super(`document number ${number} is already used`);
  }
}
