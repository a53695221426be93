import { pino, type Logger } from 'pino';

/** The relay's structured JSON logger; connection and request logs carry connId / reqId. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parley-relay' } });
}
