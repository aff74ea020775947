import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, languageOf, refusalTitle, type Language } from '#drafting';
import { ConcurrencyError, IdempotencyMismatchError, StoreUnavailableError } from '#event-store';
import { ProblemException, problemType, type Problem } from './problem.js';

const DOMAIN_STATUS: Record<string, number> = {
  'DRAFT.NOT_FOUND': 404,
  'DRAFT.FORBIDDEN': 403,
  'DRAFT.ILLEGAL_TRANSITION': 409,
  'DRAFT.GUARD_VIOLATION': 409,
  'DRAFT.ALREADY_EXISTS': 409,
  'DRAFT.NUMBER_TAKEN': 409,
};

const HTTP_CODES: Record<number, string> = {
  400: 'HTTP.BAD_REQUEST',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  413: 'HTTP.PAYLOAD_TOO_LARGE',
  415: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  429: 'HTTP.TOO_MANY_REQUESTS',
};

/**
 * The one place errors become HTTP answers (STYLE.md §6): domain errors, store errors, Nest's
 * HttpExceptions and body-parser failures all leave as `application/problem+json`, never with a
 * stack trace, SQL or token in them.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const accept = http.getRequest<{ headers?: Record<string, string | undefined> }>().headers?.[
      'accept-language'
    ];
    const problem = this.toProblem(error, languageOf(accept));
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(error: unknown, lang: Language = 'vi'): Problem {
    if (error instanceof DomainError) {
      const status = DOMAIN_STATUS[error.code] ?? 409;
      // RFC 9457: a fixed title naming the command in the user's language, the specifics in detail.
      const title = refusalTitle(error, lang);
      if (title === undefined) return this.make(status, error.code, error.message);
      return this.make(status, error.code, title, { detail: error.message });
    }
    if (error instanceof ConcurrencyError) {
      return this.make(412, error.code, 'The document has changed since the revision you sent', {
        expectedRevision: error.expected,
        actualRevision: error.actual,
      });
    }
    if (error instanceof IdempotencyMismatchError) return this.make(422, error.code, error.message);
    if (error instanceof StoreUnavailableError)
      return this.make(503, error.code, 'The event store is unavailable; retry shortly');
    if (error instanceof ProblemException)
      return this.make(error.getStatus(), error.code, error.message, error.extensions);
    const parser = bodyParserProblem(error);
    if (parser) return this.make(parser.getStatus(), parser.code, parser.message);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Nest's own 404 says "Cannot GET /the/path": never echo what the caller sent.
      const title = status === 404 ? 'No such resource' : error.message;
      return this.make(status, HTTP_CODES[status] ?? `HTTP.${status}`, title);
    }
    return this.make(500, 'SERVER.INTERNAL', 'An unexpected error occurred');
  }

  private make(
    status: number,
    code: string,
    title: string,
    extensions: Record<string, unknown> = {},
  ): Problem {
    return { type: problemType(code), title, status, code, ...extensions };
  }
}

/**
 * body-parser errors carry `type` and `status` (and, for bad JSON, the body's first characters
 * in their message): each becomes a problem of its own with a fixed title, before it can look
 * like a 500 or echo the body. bootstrap.ts maps them as they leave the parser.
 */
export function bodyParserProblem(error: unknown): ProblemException | undefined {
  if (error instanceof ProblemException) return undefined;
  const e = error as { type?: string; status?: number };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.too.large')
    return new ProblemException(413, 'HTTP.PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (e.type === 'entity.parse.failed')
    return new ProblemException(400, 'HTTP.MALFORMED_JSON', 'The request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new ProblemException(
      415,
      'HTTP.UNSUPPORTED_MEDIA_TYPE',
      'Unsupported content encoding or charset',
    );
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  return new ProblemException(status, 'HTTP.BAD_REQUEST', 'The request could not be read');
}
