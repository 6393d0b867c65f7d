import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from './config';

/**
 * Structured logs on stdout: one JSON object per line (`logFormat: 'json'`, the default when stdout
 * is not a terminal or in production), or the same records as readable lines through pino-pretty
 * in this process (`'pretty'`, the default in a terminal): no transport thread, nothing to download.
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel'> & Partial<Pick<AppConfig, 'logFormat'>>,
  /** Where the lines go: stdout when absent (tests pass a stream). */
  destination?: NodeJS.WritableStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'claro-graph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', '*.password', '*.passwordHash'],
  };
  if (config.logFormat !== 'pretty') return destination ? pino(options, destination) : pino(options);
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service,req,res,responseTime',
      singleLine: true,
      ...(destination ? { destination } : {}),
    }),
  );
}
