// What a harness reported over the verdict channel (the records the runner accepted: they carried the job's
// nonce and came from its main process), checked against what the host parsed and what the sandbox saw, into
// the parts of a Verdict. The host trusts a pass only when every case it found in the tests reported exactly
// once, in order, in a process that then finished its report and exited 0; anything else is a `fail` naming
// what went wrong, and a report the harness itself could not make (a crash) is our `error`.
import { severityOf } from '../languages/lint-rules.ts';
import type { Diagnostic, LanguageName, Stage } from '../languages/types.ts';
import type { ChannelReport, JobLimits, LimitName, SandboxResult } from '../sandbox/types.ts';
import type { TestCase, VerdictParts } from './verdict.ts';

/** Past this many, diagnostics are dropped (warnings first): a revision prompt needs the first few. */
const MAX_DIAGNOSTICS = 100;
const MESSAGE_LIMIT = 2000;
/** The cases a harness reports besides the tests' own: loading the solution, and the tests' module body. */
export const SOLUTION_CASE = '<solution>';
export const MODULE_CASE = '<module>';
/** An error no case caught, raised between cases (a timer's callback, a promise rejected late). */
export const UNHANDLED_CASE = '<unhandled>';

export interface HarnessFinding {
  file: string;
  line: number;
  column: number;
  tool: string;
  rule: string;
  message: string;
}

/** The records of one job, read in order. */
export interface HarnessReport {
  lint: HarnessFinding[];
  /** The harness finished linting (and said whether a finding stops the tests). */
  linted: boolean;
  gated: boolean;
  /** Ended cases in the order they ended. */
  cases: TestCase[];
  /** The case that had started and not ended when the records stop. */
  running: string | null;
  done: boolean;
  /** The harness's own deadline struck. */
  timedOut: boolean;
  /** The harness itself failed (our failure, not the sample's). */
  crash?: string;
  /** The resident linter's compiled code of the sample, handed on to its test job as it came. */
  compiled?: string;
  /** Records out of order or of unknown shape: the sample got at the channel. */
  violations: string[];
  forged: number;
  truncated: boolean;
}

const text = (value: unknown, max = MESSAGE_LIMIT): string => String(value ?? '').slice(0, max);

/** The report of a job's channel records; null when the job had no channel or sent nothing. */
export function readRecords(channel: ChannelReport | null): HarnessReport | null {
  if (channel === null) return null;
  const report: HarnessReport = {
    lint: [], linted: false, gated: false, cases: [], running: null, done: false, timedOut: false,
    violations: [], forged: channel.forged, truncated: channel.truncated,
  };
  if (channel.records.length === 0) return channel.forged > 0 || channel.truncated ? report : null;
  for (const record of channel.records) {
    if (report.done) {
      report.violations.push('records after the report was complete');
      break;
    }
    const name = typeof record.case === 'string' ? record.case : null;
    switch (record.ev) {
      case 'finding':
        report.lint.push({
          file: text(record.file, 200), line: Number(record.line) || 0, column: Number(record.column) || 0,
          tool: text(record.tool, 40), rule: text(record.rule, 100), message: text(record.message),
        });
        break;
      case 'lint':
        report.linted = true;
        report.gated = record.gated === true;
        break;
      case 'start':
        if (name === null || report.running !== null) report.violations.push(`case ${JSON.stringify(name)} started while ${JSON.stringify(report.running)} was running`);
        else report.running = name;
        break;
      case 'end':
        if (name === null || name !== report.running) {
          report.violations.push(`case ${JSON.stringify(name)} ended without having started`);
          break;
        }
        report.running = null;
        report.cases.push({ name, status: record.status === 'pass' || record.status === 'fail' ? record.status : 'error', message: text(record.message) });
        break;
      case 'done':
        report.done = true;
        report.timedOut = record.timedOut === true;
        break;
      case 'crash':
        report.crash = text(record.message);
        break;
      case 'compiled':
        if (typeof record.code === 'string') report.compiled = record.code;
        break;
      case 'tamper':
        report.violations.push(text(record.message));
        break;
      default:
        report.violations.push(`a record of unknown kind ${JSON.stringify(text(record.ev, 40))}`);
    }
  }
  return report;
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

const tamper = (message: string, stage: Stage = 'test'): Diagnostic => ({ stage, severity: 'error', message, rule: 'flywheel:tamper-report' });

/** The tests' cases as the host parsed them: their test functions, or the whole file as one case. */
export function expectedCases(testNames: readonly string[]): string[] {
  return testNames.length > 0 ? [...testNames] : [MODULE_CASE];
}

/**
 * The report's cases held against the expected ones: the cases a verdict shows (failing pseudo-cases kept,
 * passing ones dropped), and what is wrong with the report as a whole.
 */
function crossCheck(report: HarnessReport, expected: string[]): { cases: TestCase[]; problems: string[]; missing: string[] } {
  const wanted = new Set(expected);
  const seen = new Set<string>();
  const cases: TestCase[] = [];
  const problems: string[] = [];
  for (const c of report.cases) {
    const pseudo = c.name === SOLUTION_CASE || c.name === UNHANDLED_CASE || (c.name === MODULE_CASE && !wanted.has(MODULE_CASE));
    if (pseudo) {
      if (c.status !== 'pass') cases.push(c);
      continue;
    }
    if (!wanted.has(c.name)) problems.push(`the harness reported a case the tests do not define: ${c.name}`);
    else if (seen.has(c.name)) problems.push(`case ${c.name} was reported twice`);
    else {
      seen.add(c.name);
      cases.push(c);
    }
  }
  const solutionFailed = report.cases.some((c) => c.name === SOLUTION_CASE && c.status !== 'pass');
  const missing = solutionFailed ? [] : expected.filter((name) => !seen.has(name) && name !== report.running);
  return { cases, problems, missing };
}

/**
 * Verdict parts of a job that ran the tests (and for some languages the linter first). `language` maps the
 * findings' severities; `firstStage` is the stage the job starts with; `expected` the cases the host parsed.
 */
export function jobOutcome(
  language: LanguageName,
  result: SandboxResult,
  limits: Pick<JobLimits, 'timeoutMs' | 'memoryMb' | 'outputBytes'>,
  firstStage: Stage,
  expected: string[],
): VerdictParts {
  const report = readRecords(result.report);
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
      // Killed before the harness could report anything: the sample (or its tests) took it down.
      return { ...output, status: 'fail', stage: firstStage, limit, timedOut, cases: [], diagnostics: [{ stage: firstStage, severity: 'error', message: endedBecause(result, limits, limit) }] };
    }
    const why = report?.crash ?? `the harness reported nothing (exit code ${result.exitCode ?? 'none'}${result.signal ? `, ${result.signal}` : ''})`;
    return { ...output, status: 'error', stage: firstStage, limit, timedOut, diagnostics: [{ stage: firstStage, severity: 'error', message: why, rule: 'flywheel:internal' }] };
  }
  const diagnostics = lintDiagnostics(language, report.lint);
  const stage: Stage = report.linted || firstStage === 'test' ? 'test' : 'lint';
  if (report.forged > 0) diagnostics.push(tamper(`${report.forged} report record(s) did not come from the harness: the sample (or a process it started) wrote to the verdict channel`, stage));
  if (report.truncated) diagnostics.push(tamper('the report passed the size cap and was cut: the cases after the cut are unknown', stage));
  for (const v of report.violations) diagnostics.push(tamper(`the report is out of order: ${v}`, stage));
  const tampered = report.forged > 0 || report.truncated || report.violations.length > 0;
  if (report.gated && !tampered) return { ...output, status: 'fail', stage: 'lint', diagnostics, limit, timedOut };

  if (stage === 'lint') {
    // Not gated, yet the tests never started: the linter was cut short by a limit, or the run ended.
    diagnostics.push({ stage: 'lint', severity: 'error', message: `the linter did not finish: ${endedBecause(result, limits, limit)}` });
    return { ...output, status: 'fail', stage: 'lint', diagnostics, cases: [], limit, timedOut };
  }

  const { cases, problems, missing } = crossCheck(report, expected);
  for (const p of problems) diagnostics.push(tamper(p));
  if (report.running !== null) cases.push({ name: report.running, status: 'error', message: endedBecause(result, limits, limit) });
  else if (limit !== null && !report.timedOut) {
    // The limit struck between cases (output still draining, say): no case carries it, so say it here.
    diagnostics.push({ stage: 'test', severity: 'error', message: `the run was stopped: ${endedBecause(result, limits, limit)}` });
  }
  const cut = limit !== null || report.running !== null;
  if (missing.length > 0 && !cut) {
    diagnostics.push({ stage: 'test', severity: 'error', rule: 'flywheel:unreported-case', message: `${missing.length === 1 ? 'a case was' : `${missing.length} cases were`} never reported, so never seen to pass: ${missing.slice(0, 10).join(', ')}` });
  }
  if (!report.done && !cut) {
    diagnostics.push({ stage: 'test', severity: 'error', rule: 'flywheel:early-exit', message: `the test process ended before its report was complete (exit code ${result.exitCode ?? result.signal ?? 'unknown'})` });
  } else if (report.done && result.exitCode !== 0 && !cut) {
    diagnostics.push({ stage: 'test', severity: 'error', message: `every case reported but the run ended with exit code ${result.exitCode ?? result.signal ?? 'unknown'}` });
  }
  const failed = tampered || problems.length > 0 || missing.length > 0 || cut || !report.done || result.exitCode !== 0
    || cases.length === 0 || cases.some((c) => c.status !== 'pass');
  if (cases.length === 0 && missing.length === 0 && !cut) diagnostics.push({ stage: 'test', severity: 'error', message: 'no test case ran' });
  return { ...output, status: failed ? 'fail' : 'pass', stage: failed ? 'test' : null, diagnostics, cases, limit, timedOut };
}
