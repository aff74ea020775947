import { Logger as NestLogger } from '@nestjs/common';
import { createLogger, prettyLogs, startProcessLogger } from './logger.js';

describe('the process logger', () => {
  it('is readable only in a terminal outside production', () => {
    expect(prettyLogs('development', true)).toBe(true);
    expect(prettyLogs('test', true)).toBe(true);
    expect(prettyLogs('production', true)).toBe(false);
    expect(prettyLogs('development', false)).toBe(false);
  });

  it('is the one logger: Nest and every createLogger() without a destination write through it', () => {
    const logger = startProcessLogger('silent', false);
    expect(createLogger('info')).toBe(logger);
    const seen: unknown[] = [];
    const info = logger.info.bind(logger);
    logger.info = ((...args: unknown[]) => {
      seen.push(args);
      return info(...(args as [string]));
    }) as typeof logger.info;
    NestLogger.log('starting', 'Main');
    expect(seen).toEqual([[{ context: 'Main' }, 'starting']]);
  });
});
