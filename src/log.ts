// Structured logging: JSON lines to stderr (stdout is kept for data such as `verify` and `export` output).
// When a person reads stderr (a terminal, LOG_FORMAT=auto), a command's JSON lines go to a log file under the
// data directory instead, and the terminal shows only warnings and errors, readable.
import fs from 'node:fs';
import path from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createScreen, formatLogLine, type Screen } from './terminal/screen.ts';

export type { Logger };

const base = { service: 'flywheel' };

export function createLogger(level: string): Logger {
  return pino({ level, base }, pino.destination(2));
}

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface CommandLog {
  log: Logger;
  /** The machine record of a failure, stack included: the log file, or stderr's JSON when there is none. */
  record: Logger;
  /** The log file, when the JSON lines go to one. */
  file: string | null;
  /** The terminal, when people read stderr; null when stderr carries JSON. */
  screen: Screen | null;
}

export interface CommandLogOptions {
  command: string;
  level: string;
  format: LogFormat;
  dataDir: string;
  /** A command people run by hand (not `serve`): on a terminal, `auto` makes it pretty. */
  human: boolean;
  stderr?: NodeJS.WriteStream;
  now?: Date;
}

/** Whether a command's stderr is for people: LOG_FORMAT, else a human command on a terminal. */
export function isPretty(options: Pick<CommandLogOptions, 'format' | 'human' | 'stderr'>): boolean {
  if (options.format !== 'auto') return options.format === 'pretty';
  return options.human && (options.stderr ?? process.stderr).isTTY === true;
}

/** `<dataDir>/logs/flywheel-<command>-<UTC time>-<pid>.log`: one file per run, so two workers never share one. */
export function logFilePath(dataDir: string, command: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return path.resolve(dataDir, 'logs', `flywheel-${command}-${stamp}Z-${process.pid}.log`);
}

export function openCommandLog(options: CommandLogOptions): CommandLog {
  const stderr = options.stderr ?? process.stderr;
  if (!isPretty(options)) {
    const log = pino({ level: options.level, base }, pino.destination(2));
    return { log, record: log, file: null, screen: null };
  }
  const screen = createScreen(stderr);
  const file = logFilePath(options.dataDir, options.command, options.now);
  let dest: DestinationStream;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    dest = pino.destination({ dest: file, sync: true });
  } catch (err) {
    // No log file (a read-only data directory): warnings and errors still reach the screen.
    screen.print(`flywheel: cannot write a log file in ${path.dirname(file)} (${(err as Error).message}); only warnings and errors are shown`);
    const log = pino({ level: options.level, base }, pino.multistream([{ level: 'warn', stream: toScreen(screen, stderr) }]));
    return { log, record: pino({ level: 'silent' }), file: null, screen };
  }
  const log = pino({ level: options.level, base }, pino.multistream([
    { level: 'trace', stream: dest },
    { level: 'warn', stream: toScreen(screen, stderr) },
  ]));
  return { log, record: pino({ level: options.level, base }, dest), file, screen };
}

function toScreen(screen: Screen, stderr: NodeJS.WriteStream): DestinationStream {
  const colour = stderr.isTTY === true && process.env.NO_COLOR === undefined;
  return { write: (line: string) => screen.print(formatLogLine(line, colour)) };
}
