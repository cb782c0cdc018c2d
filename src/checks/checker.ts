// The checks: parse (tree-sitter, on the host, with the tamper gate) -> lint -> test (in the sandbox), stopping
// at the first stage that fails, answered as one Verdict. Many checks at once share the sandbox's pools.
import type { Config } from '../config.ts';
import { describeError } from '../errors.ts';
import { getLanguage, languages as allLanguages } from '../languages/index.ts';
import type { Diagnostic, Language, ParsedSample, SampleSource } from '../languages/types.ts';
import type { Logger } from '../log.ts';
import type { RunOptions, Sandbox, SandboxResult } from '../sandbox/types.ts';
import { jobLimits, lintJob, testJob } from './jobs.ts';
import { capDiagnostics, expectedCases, jobOutcome, lintDiagnostics, readRecords } from './report.ts';
import { errorVerdict, makeVerdict, type Verdict, type VerdictParts } from './verdict.ts';

export interface CheckInput extends SampleSource {
  language: string;
}

/**
 * The lane the check's sandbox jobs run in, and a signal that stops it: its jobs still queued are dropped, no
 * further stage starts, and the check rejects with the signal's reason (a job already running ends first).
 */
export type CheckOptions = RunOptions;

export interface Checker {
  /** Throws FLY_LANGUAGE_UNKNOWN for a language it does not know, or the reason of an aborted signal; every other outcome is a Verdict. */
  check(input: CheckInput, options?: CheckOptions): Promise<Verdict>;
  /** All at once, results in input order; an unknown language answers `error` instead of throwing; an aborted signal rejects. */
  checkMany(inputs: CheckInput[], options?: CheckOptions): Promise<Verdict[]>;
  /** The parse stage alone (host only): diagnostics, entry points, test names. */
  parse(input: CheckInput): ParsedSample;
}

export interface CheckerDeps {
  sandbox: Sandbox;
  config: Config;
  log: Logger;
  /** Defaults to every language the checks know. */
  languages?: Readonly<Partial<Record<string, Language>>>;
}

interface Linted {
  findings: Diagnostic[];
  compiled?: string;
}

const sourceOf = (input: CheckInput): SampleSource => ({
  code: input.code,
  tests: input.tests,
  ...(input.entryPoint !== undefined ? { entryPoint: input.entryPoint } : {}),
});

export function createChecker(deps: CheckerDeps): Checker {
  const { sandbox, config } = deps;
  const known = deps.languages ?? allLanguages;
  const log = deps.log.child({ component: 'checks' });
  const limits = jobLimits(config);
  const outputBytes = config.sandboxOutputBytes;

  const verdict = (parts: VerdictParts, startedAt: number, extra: Diagnostic[] = []): Verdict =>
    makeVerdict({ ...parts, diagnostics: capDiagnostics([...extra, ...(parts.diagnostics ?? [])]) }, startedAt, outputBytes);

  /** The resident linter's findings and compiled code; a verdict when the lint stage already decides. */
  async function lintStage(language: Language, parsed: ParsedSample, startedAt: number, found: Diagnostic[], options: CheckOptions): Promise<Verdict | Linted> {
    const job = built(() => lintJob(language, parsed));
    if (job === null) return tooDeepVerdict('lint', startedAt);
    const ran = await runStage('lint', () => sandbox.run(job, options), options.signal);
    if ('error' in ran) return errorVerdict('lint', ran.error, startedAt, outputBytes);
    const result: SandboxResult = ran.value;
    const report = readRecords(result.report);
    if (report === null || !report.linted) {
      if (result.limit !== null) {
        const message = `the linter did not finish on this sample: it hit the ${result.limit} limit after ${result.durationMs} ms`;
        return verdict({ status: 'fail', stage: 'lint', limit: result.limit, timedOut: result.timedOut, exitCode: result.exitCode }, startedAt, [...found, { stage: 'lint', severity: 'error', message }]);
      }
      log.error({ exitCode: result.exitCode, stderr: result.stderr.slice(-2000), crash: report?.crash }, 'linter failed');
      return errorVerdict('lint', `the linter failed: ${report?.crash?.split('\n')[0] ?? `no report (exit code ${result.exitCode ?? result.signal})`}`, startedAt, outputBytes);
    }
    const findings = lintDiagnostics(language.name, report.lint);
    if (report.gated) return verdict({ status: 'fail', stage: 'lint', exitCode: result.exitCode }, startedAt, [...found, ...findings]);
    return { findings, ...(report.compiled !== undefined ? { compiled: report.compiled } : {}) };
  }

  /** Nested deeper than the host can walk: no honest sample is, so it is the sample's failure. */
  function tooDeepVerdict(stage: Diagnostic['stage'], startedAt: number): Verdict {
    return verdict({ status: 'fail', stage }, startedAt, [{ stage, severity: 'error', rule: 'flywheel:too-deep', message: 'the sample is nested too deeply to be read' }]);
  }

  async function run(language: Language, input: CheckInput, startedAt: number, options: CheckOptions): Promise<Verdict> {
    options.signal?.throwIfAborted();
    let parsed: ParsedSample;
    try {
      parsed = language.parse(sourceOf(input));
    } catch (err) {
      if (tooDeep(err)) return tooDeepVerdict('parse', startedAt);
      log.error({ err, language: language.name }, 'parse failed');
      return errorVerdict('parse', `tree-sitter could not parse the sample: ${describeError(err)}`, startedAt, outputBytes);
    }
    const has = (stage: Diagnostic['stage']): boolean => parsed.diagnostics.some((d) => d.stage === stage && d.severity === 'error');
    if (has('parse')) return verdict({ status: 'fail', stage: 'parse' }, startedAt, parsed.diagnostics);
    if (has('lint')) return verdict({ status: 'fail', stage: 'lint' }, startedAt, parsed.diagnostics);

    const found = [...parsed.diagnostics];
    let compiled: string | undefined;
    if (language.lintMode === 'service') {
      const lint = await lintStage(language, parsed, startedAt, found, options);
      if ('status' in lint) return lint;
      found.push(...lint.findings);
      compiled = lint.compiled;
    }
    const firstStage = language.lintMode === 'service' ? 'test' : 'lint';
    const job = built(() => testJob(language, parsed, config, compiled));
    if (job === null) return tooDeepVerdict(firstStage, startedAt);
    options.signal?.throwIfAborted();
    const ran = await runStage(firstStage, () => sandbox.run(job, options), options.signal);
    if ('error' in ran) return errorVerdict(firstStage, ran.error, startedAt, outputBytes);
    return verdict(jobOutcome(language.name, ran.value, limits, firstStage, expectedCases(parsed.testNames)), startedAt, found);
  }

  /** A sandbox failure is ours: logged, and answered as `error` by the caller. A cancelled check rejects. */
  async function runStage<T>(stage: string, fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<{ value: T } | { error: string }> {
    try {
      return { value: await fn() };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      log.error({ err, stage }, 'sandbox job failed');
      return { error: `sandbox failure during ${stage}: ${describeError(err)}` };
    }
  }

  const checker: Checker = {
    parse(input) {
      return getLanguage(input.language, known).parse(sourceOf(input));
    },
    async check(input, options = {}) {
      const startedAt = performance.now();
      return run(getLanguage(input.language, known), input, startedAt, options);
    },
    checkMany(inputs, options = {}) {
      return Promise.all(inputs.map(async (input) => {
        const startedAt = performance.now();
        try {
          return await checker.check(input, options);
        } catch (err) {
          if (options.signal?.aborted) throw options.signal.reason;
          return errorVerdict('parse', describeError(err), startedAt, outputBytes);
        }
      }));
    },
  };
  return checker;
}

function tooDeep(err: unknown): boolean {
  return err instanceof RangeError && /call stack/.test(err.message);
}

/** A job built from the parsed sample, or null when the sample is too deep to rewrite into one. */
function built<T>(build: () => T): T | null {
  try {
    return build();
  } catch (err) {
    if (tooDeep(err)) return null;
    throw err;
  }
}
