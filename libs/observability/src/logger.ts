import { Logger as NestLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** The process's one stdout logger, once main has made it (startProcessLogger). */
let processLogger: Logger | undefined;

/**
 * One JSON object a line. Tokens, cookies and bodies never reach the log: requests are logged by
 * method, route and status, with request and correlation ids to follow one command through.
 */
export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream): Logger {
  if (!destination && processLogger) return processLogger;
  const options = loggerOptions(level);
  return destination ? pino(options, destination) : pino(options);
}

function loggerOptions(level: LevelWithSilent) {
  return {
    level,
    base: { service: 'draftline' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.password'],
      remove: true,
    },
  };
}

/**
 * Readable lines in a terminal (development, stdout a TTY), one JSON object a line anywhere else
 * (production, a pipe, a file, a container's log).
 */
export function prettyLogs(env: string, isTTY = process.stdout.isTTY === true): boolean {
  return env !== 'production' && isTTY;
}

/**
 * Makes the process's one logger, before anything logs: Nest's static Logger (start-up lines,
 * the embedded Redis, the deadlines) and every later `createLogger()` without a destination (the
 * app's, the request log) write through it, so no first lines come from another logger.
 */
export function startProcessLogger(level: LevelWithSilent, pretty: boolean): Logger {
  const stream = pretty ? prettyStream() : undefined;
  processLogger = undefined;
  processLogger = stream ? pino(loggerOptions(level), stream) : createLogger(level);
  NestLogger.overrideLogger(new PinoNestLogger(processLogger));
  return processLogger;
}

/** pino-pretty when installed (a dev dependency: absent from the production image, JSON then). */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
      sync: true,
    });
  } catch {
    return undefined;
  }
}

/** Nest's logger interface over pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal({ context }, String(message));
  }
  setLogLevels(_levels: LogLevel[]) {
    // The level is set once from LOG_LEVEL.
  }
}
