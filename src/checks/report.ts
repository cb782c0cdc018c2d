// Reading what a harness reported (its `flywheel-report.json`, collected from the job) together with what the
// sandbox saw (exit code, limit), into the parts of a Verdict.
import { severityOf } from '../languages/lint-rules.ts';
import type { Diagnostic, LanguageName, Stage } from '../languages/types.ts';
import type { JobLimits, LimitName, SandboxResult } from '../sandbox/types.ts';
import type { TestCase, VerdictParts } from './verdict.ts';

export const REPORT_FILE = 'flywheel-report.json';
/** Past this many, diagnostics are dropped (warnings first): a revision prompt needs the first few. */
const MAX_DIAGNOSTICS = 100;

export interface HarnessFinding {
  file: string;
  line: number;
  column: number;
  tool: string;
  rule: string;
  message: string;
}

export interface HarnessReport {
  /** The last phase the harness reached. */
  phase: 'lint' | 'test';
  lint: HarnessFinding[];
  /** A lint finding was an error, so the tests did not run. */
  gated: boolean;
  cases: (TestCase & { durationMs?: number })[];
  /** The case that was running when the report was last written. */
  running: string | null;
  /** The harness finished and wrote its last report. */
  done: boolean;
  /** The harness's own deadline struck. */
  timedOut: boolean;
  /** The linter itself crashed (our failure, not the sample's). */
  crash?: string;
}

/** The report, or null when the harness wrote none (or something that is not one). */
export function readReport(text: string | undefined): HarnessReport | null {
  if (text === undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const r = raw as Partial<HarnessReport> | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.lint) || !Array.isArray(r.cases)) return null;
  return {
    phase: r.phase === 'test' ? 'test' : 'lint',
    lint: r.lint.filter((f): f is HarnessFinding => typeof f === 'object' && f !== null && typeof f.message === 'string'),
    gated: r.gated === true,
    cases: r.cases
      .filter((c) => typeof c === 'object' && c !== null && typeof c.name === 'string')
      .map((c) => ({ name: c.name, status: c.status === 'pass' || c.status === 'fail' ? c.status : 'error', message: String(c.message ?? '') })),
    running: typeof r.running === 'string' ? r.running : null,
    done: r.done === true,
    timedOut: r.timedOut === true,
    ...(typeof r.crash === 'string' ? { crash: r.crash } : {}),
  };
}

export function lintDiagnostics(language: LanguageName, findings: HarnessFinding[]): Diagnostic[] {
  return findings.map((f) => ({
    stage: 'lint',
    severity: severityOf(language, f.tool, f.rule),
    file: f.file,
    ...(Number.isInteger(f.line) && f.line > 0 ? { line: f.line } : {}),
    ...(Number.isInteger(f.column) && f.column > 0 ? { column: f.column } : {}),
    message: f.message,
    rule: `${f.tool}:${f.rule}`,
  }));
}

/** Keeps every error and as many warnings as fit under the cap, in their original order. */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  let room = Math.max(0, MAX_DIAGNOSTICS - diagnostics.filter((d) => d.severity === 'error').length);
  return diagnostics.filter((d) => d.severity === 'error' || room-- > 0).slice(0, MAX_DIAGNOSTICS);
}

/** Why a run ended in the middle of a case, in words the revision prompt can use. */
export function endedBecause(
  result: SandboxResult,
  limits: Pick<JobLimits, 'timeoutMs' | 'memoryMb' | 'outputBytes'>,
  limit: LimitName | null = result.limit,
): string {
  const byLimit: Record<LimitName, string> = {
    timeout: `timed out: the run was stopped after ${limits.timeoutMs} ms`,
    memory: `ran out of memory (limit ${limits.memoryMb} MiB)`,
    output: `printed far more than the ${limits.outputBytes} bytes of output kept, so the run was stopped`,
    pids: 'started more processes or threads than allowed',
    disk: 'wrote more to disk than allowed',
  };
  if (limit) return byLimit[limit];
  if (result.signal) return `the process was killed by ${result.signal} during this case`;
  return `the process ended during this case (exit code ${result.exitCode ?? 'unknown'})`;
}

/**
 * Verdict parts of a job that ran the tests (and for some languages the linter first). `language` maps the
 * findings' severities; `firstStage` is the stage the job starts with, named when the harness said nothing.
 */
export function jobOutcome(
  language: LanguageName,
  result: SandboxResult,
  report: HarnessReport | null,
  limits: Pick<JobLimits, 'timeoutMs' | 'memoryMb' | 'outputBytes'>,
  firstStage: Stage,
): VerdictParts {
  const output = {
    stdout: result.stdout,
    stderr: result.stderr,
    stdoutTruncated: result.stdoutTruncated,
    stderrTruncated: result.stderrTruncated,
    exitCode: result.exitCode,
  };
  const limit = result.limit ?? (report?.timedOut ? 'timeout' : null);
  const timedOut = result.timedOut || (report?.timedOut ?? false);
  if (report === null || report.crash !== undefined) {
    if (limit !== null) {
      // Killed before the harness could write anything: the sample (or its tests) took it down.
      return { ...output, status: 'fail', stage: firstStage, limit, timedOut, cases: [], diagnostics: [{ stage: firstStage, severity: 'error', message: endedBecause(result, limits, limit) }] };
    }
    const why = report?.crash ?? `the harness wrote no report (exit code ${result.exitCode ?? 'none'}${result.signal ? `, ${result.signal}` : ''})`;
    return { ...output, status: 'error', stage: firstStage, limit, timedOut, diagnostics: [{ stage: firstStage, severity: 'error', message: why, rule: 'flywheel:internal' }] };
  }
  const diagnostics = lintDiagnostics(language, report.lint);
  if (report.gated) return { ...output, status: 'fail', stage: 'lint', diagnostics, limit, timedOut };

  const cases: TestCase[] = report.cases.map(({ name, status, message }) => ({ name, status, message }));
  const interrupted = report.running !== null && !report.done;
  if (interrupted) cases.push({ name: report.running as string, status: 'error', message: endedBecause(result, limits, limit) });
  else if (limit !== null && !report.timedOut) {
    // The limit struck between cases (output still draining, say): no case carries it, so say it here.
    diagnostics.push({ stage: report.phase, severity: 'error', message: `the run was stopped: ${endedBecause(result, limits, limit)}` });
  }
  const stage: Stage = report.phase;
  if (stage === 'lint') {
    // Not gated, yet the tests never started: the linter was cut short by a limit.
    diagnostics.push({ stage: 'lint', severity: 'error', message: `the linter did not finish: ${endedBecause(result, limits, limit)}` });
    return { ...output, status: 'fail', stage: 'lint', diagnostics, cases, limit, timedOut };
  }
  if (cases.length === 0 && report.done && limit === null) {
    diagnostics.push({ stage: 'test', severity: 'error', message: 'no test case ran' });
  }
  const failed = cases.some((c) => c.status !== 'pass') || cases.length === 0 || limit !== null || !report.done || result.exitCode !== 0;
  if (failed && cases.length > 0 && cases.every((c) => c.status === 'pass') && limit === null) {
    diagnostics.push({ stage: 'test', severity: 'error', message: `every test passed but the run ended with exit code ${result.exitCode ?? result.signal ?? 'unknown'}` });
  }
  return { ...output, status: failed ? 'fail' : 'pass', stage: failed ? 'test' : null, diagnostics, cases, limit, timedOut };
}
