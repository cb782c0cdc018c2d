// Structured logging: JSON lines to stderr (stdout is kept for data such as `verify` and `export` output).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'flywheel' } }, pino.destination(2));
}
