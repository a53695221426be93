import { pino, type DestinationStream, type Logger } from 'pino';

/** Where the relay writes: stdout, asynchronously (pino's default), in the order lines were written. */
export function logDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/** The relay's structured JSON logger; connection and request logs carry connId / reqId. */
export function createLogger(level: string, destination: DestinationStream = logDestination()): Logger {
  return pino({ level, base: { service: 'parley-relay' } }, destination);
}
