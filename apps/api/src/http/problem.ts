import { HttpException } from '@nestjs/common';

/** An RFC 9457 problem document; every error Draftline answers is one. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

export const problemType = (code: string) => `urn:draftline:problem:${code.toLowerCase()}`;

/** An error raised by the HTTP layer itself with its status and code. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    title: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(title, status);
  }
}
