import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

/** Structured JSON logs on stdout, one object per line (pipe through `npx pino-pretty` to read them). */
export function createLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'claro-graph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', '*.password', '*.passwordHash'],
  });
}
