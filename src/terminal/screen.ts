// The terminal a person reads: a status line rewritten in place (a round's progress) with readable lines
// (warnings, errors) printed above it. Used only when stderr is for people (see log.ts); machines get JSON.
import type { Writable } from 'node:stream';

export interface Screen {
  /** Width of the terminal in characters (80 when it does not say). */
  readonly columns: number;
  /** Prints a line above the status line. */
  print(line: string): void;
  /** Replaces the status line; cut to the terminal's width so it never wraps. */
  status(line: string): void;
  /** Leaves the status line as it stands: what comes next starts below it. */
  done(): void;
}

type Out = Writable & { isTTY?: boolean; columns?: number };

export function createScreen(out: Out = process.stderr): Screen {
  let shown = '';
  // On a real terminal the rest of the line is erased; written to a file (LOG_FORMAT=pretty) it is padded over.
  const rewrite = (line: string): string => (out.isTTY ? `\r${line}\x1b[K` : `\r${line.padEnd(shown.length)}`);
  const screen: Screen = {
    get columns() {
      return out.columns !== undefined && out.columns > 0 ? out.columns : 80;
    },
    print(line) {
      out.write(shown === '' ? `${line}\n` : `${rewrite(line)}\n${shown}`);
    },
    status(line) {
      const fitted = line.length < screen.columns ? line : line.slice(0, screen.columns - 1);
      out.write(rewrite(fitted));
      shown = fitted;
    },
    done() {
      if (shown !== '') out.write('\n');
      shown = '';
    },
  };
  return screen;
}

const levelNames: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every line has, or that say nothing to a person reading a warning. */
const quiet = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'err', 'worker']);

/** One pino JSON line as a person reads it: `warn: message (key value, ...): error message`. */
export function formatLogLine(json: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = levelNames[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !quiet.has(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key} ${String(value)}`);
  const err = entry.err as { code?: unknown; message?: unknown } | undefined;
  const cause = err && typeof err.message === 'string'
    ? `: ${typeof err.code === 'string' && !err.message.startsWith(err.code) ? `${err.code}: ` : ''}${err.message}`
    : '';
  const label = colour ? `${(entry.level as number) >= 50 ? '\x1b[31m' : '\x1b[33m'}${level}\x1b[0m` : level;
  const text = `${label}: ${String(entry.msg ?? '')}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}${cause}`;
  return text.replace(/\s*\n\s*/g, ' ');
}
