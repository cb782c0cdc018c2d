// `flywheel verify --jsonl FILE [--out FILE]`: checks every line `{"id","language","code","tests"}` of a JSONL
// file (or stdin with `-`) and writes one result line per input line, in input order: `{"id", "line", ...Verdict}`.
// The input is streamed; checks run concurrently on the sandbox pools; a malformed line gets its own `error`
// result naming the problem, and nothing stops the batch. Progress goes to stderr.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createChecker, type Checker, type Verdict } from '../checks/index.ts';
import { readCheckItem } from '../checks/input.ts';
import { makeVerdict } from '../checks/verdict.ts';
import type { Config } from '../config.ts';
import { describeError, FlywheelError, isFlywheelError } from '../errors.ts';
import { languageImages } from '../languages/index.ts';
import type { Logger } from '../log.ts';
import { createSandbox } from '../sandbox/index.ts';
import { createSemaphore } from '../semaphore.ts';
import type { CommandContext } from './context.ts';

export const verifyUsage = `flywheel verify --jsonl FILE [--out FILE] [--concurrency N]
  Checks each line {"id","language","code","tests","entry_point"?} of FILE ("-" for stdin): tree-sitter parse, linter, tests in
  the sandbox. Writes one line {"id","line","status","stage","diagnostics","tests",...} per input line, in input
  order, to --out or stdout. Exits 0 once every line is answered (malformed lines answer "error").
  --jsonl FILE       input, JSON Lines ("-": stdin)
  --out FILE         output file (default: stdout)
  --concurrency N    samples checked at once (default: pool size x batch size x 2)`;

/** The command's own flags, for the CLI's parseArgs (the settings' flags come on top). */
export const verifyOptions = {
  jsonl: { type: 'string' },
  out: { type: 'string' },
  concurrency: { type: 'string' },
} as const;

export interface VerifyOptions {
  /** A path, or `-` for `stdin`. */
  input: string;
  /** A path; default: `stdout`. */
  out?: string;
  concurrency?: number;
  config: Config;
  log: Logger;
  /** Default: a checker over a sandbox started (and closed) here. */
  checker?: Checker;
  stdin?: Readable;
  stdout?: Writable;
  /** Progress lines; default: process.stderr. */
  progress?: Writable;
}

export interface VerifySummary {
  lines: number;
  pass: number;
  fail: number;
  error: number;
  durationMs: number;
}

export type VerifyResult = { id: unknown; line: number } & Verdict;

const PROGRESS_EVERY_MS = 2000;

/** A line that could not be checked at all: its own `error` result naming the problem. */
function malformed(id: unknown, line: number, problem: string, outputBytes: number): VerifyResult {
  const verdict = makeVerdict(
    { status: 'error', stage: null, diagnostics: [{ stage: 'parse', severity: 'error', message: `line ${line}: ${problem}`, rule: 'flywheel:input' }] },
    performance.now(),
    outputBytes,
  );
  return { id, line, ...verdict };
}

async function checkLine(text: string, line: number, checker: Checker, outputBytes: number): Promise<VerifyResult> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return malformed(null, line, `not JSON (${(err as Error).message})`, outputBytes);
  }
  const item = readCheckItem(value, false);
  if ('problem' in item) return malformed(item.id, line, item.problem, outputBytes);
  try {
    return { id: item.id, line, ...(await checker.check(item.input)) };
  } catch (err) {
    // An unknown language names the problem; anything else is our failure, answered without stopping the batch.
    return malformed(item.id, line, isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN') ? err.message : `checker failed: ${describeError(err)}`, outputBytes);
  }
}

/** The file opened, so a missing one is a usage error before any work starts. */
async function openInput(path: string): Promise<Readable> {
  const stream = createReadStream(path);
  try {
    await once(stream, 'open');
  } catch (err) {
    throw new FlywheelError('FLY_USAGE', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  return stream;
}

export async function runVerify(opts: VerifyOptions): Promise<VerifySummary> {
  const { config, log } = opts;
  const started = performance.now();
  const concurrency = Math.max(1, opts.concurrency ?? config.sandboxPoolSize * config.sandboxBatchSize * 2);
  const input = opts.input === '-' ? (opts.stdin ?? process.stdin) : await openInput(opts.input);
  const output = opts.out !== undefined ? createWriteStream(opts.out) : (opts.stdout ?? process.stdout);
  const progress = opts.progress ?? process.stderr;

  let sandboxClose: (() => Promise<void>) | undefined;
  let own: Checker | undefined;
  if (!opts.checker) {
    const sandbox = await createSandbox({ config, log, images: [...languageImages] });
    sandboxClose = () => sandbox.close();
    own = createChecker({ sandbox, config, log });
  }
  const checker = (opts.checker ?? own) as Checker;

  const summary: VerifySummary = { lines: 0, pass: 0, fail: 0, error: 0, durationMs: 0 };
  const report = (final: boolean): void => {
    const seconds = (performance.now() - started) / 1000;
    const done = summary.pass + summary.fail + summary.error;
    progress.write(`verify: ${done}/${summary.lines} answered (pass ${summary.pass}, fail ${summary.fail}, error ${summary.error}), ${(done / Math.max(seconds, 0.001)).toFixed(1)}/s${final ? ', done' : ''}\n`);
  };
  const ticker = setInterval(() => report(false), PROGRESS_EVERY_MS);
  ticker.unref();

  const slots = createSemaphore(concurrency);
  // Results are written in input order; reading runs ahead of writing by at most this many lines.
  const window: Promise<VerifyResult>[] = [];
  const readAhead = concurrency * 4;
  const write = async (result: VerifyResult): Promise<void> => {
    summary[result.status]++;
    if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
  };
  const start = (text: string, line: number): Promise<VerifyResult> =>
    slots.run(() => checkLine(text, line, checker, config.sandboxOutputBytes));

  try {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      summary.lines++;
      window.push(start(text, line));
      while (window.length >= readAhead) await write(await (window.shift() as Promise<VerifyResult>));
    }
    while (window.length > 0) await write(await (window.shift() as Promise<VerifyResult>));
  } finally {
    clearInterval(ticker);
    if (opts.out !== undefined) {
      output.end();
      await once(output, 'finish');
    }
    await sandboxClose?.();
  }
  summary.durationMs = Math.round(performance.now() - started);
  report(true);
  log.info(summary, 'verify finished');
  return summary;
}

/** The command body for the CLI: flags in, exit code out. */
export async function runVerifyCommand(ctx: Pick<CommandContext, 'config' | 'log' | 'values'>): Promise<number> {
  const { jsonl, out, concurrency } = ctx.values;
  if (typeof jsonl !== 'string' || jsonl === '') throw new FlywheelError('FLY_USAGE', `--jsonl FILE is required\n${verifyUsage}`);
  let n: number | undefined;
  if (concurrency !== undefined) {
    n = Number(concurrency);
    if (typeof concurrency !== 'string' || !Number.isInteger(n) || n < 1) throw new FlywheelError('FLY_USAGE', `--concurrency: expected a whole number >= 1, got "${String(concurrency)}"`);
  }
  await runVerify({
    input: jsonl,
    ...(typeof out === 'string' ? { out } : {}),
    ...(n !== undefined ? { concurrency: n } : {}),
    config: ctx.config,
    log: ctx.log,
  });
  return 0;
}
