// The sandbox jobs of the checks: a test job per sample (with the linter first where it is cheap to start),
// and a lint job shared by a batch of samples for the languages whose linter takes seconds to load.
import type { Config } from '../config.ts';
import { errorRules } from '../languages/lint-rules.ts';
import type { Language, ParsedSample } from '../languages/types.ts';
import { defaultLimits } from '../sandbox/limits.ts';
import type { JobLimits, SandboxJob } from '../sandbox/types.ts';
import { REPORT_FILE } from './report.ts';

export const JOB_FILE = 'flywheel-job.json';
/** Start-up of a batched linter (Node, the TypeScript compiler, ESLint and their rules): ~4 s on one core. */
const LINT_STARTUP_MS = 15000;
/** Per sample of a lint batch: ~0.1-0.3 s measured; the rest is headroom for a busy host. */
const LINT_PER_SAMPLE_MS = 2000;

/**
 * The harness's own deadline: the job's limit minus time to write the last report, so a busy loop ends as a
 * timed-out case named in the report rather than as a killed process.
 */
export function harnessDeadline(timeoutMs: number): number {
  // The margin also absorbs the interpreter's start-up, slow when the host's cores are all busy.
  return Math.max(50, timeoutMs - Math.max(500, Math.round(timeoutMs * 0.15)));
}

export function jobLimits(config: Config): JobLimits {
  return defaultLimits(config);
}

export function testJob(language: Language, parsed: ParsedSample, config: Config): SandboxJob {
  const { files, solution, tests } = language.testFiles(parsed);
  const limits = jobLimits(config);
  const job = {
    language: language.name,
    solution,
    tests,
    report: REPORT_FILE,
    deadlineMs: harnessDeadline(limits.timeoutMs),
    memoryMb: limits.memoryMb,
    errorRules: errorRules(language.name),
    testNames: parsed.testNames,
  };
  return {
    image: language.image,
    files: { ...files, [JOB_FILE]: JSON.stringify(job) },
    command: [...language.harness.test, JOB_FILE],
    limits: { timeoutMs: limits.timeoutMs },
    collect: [REPORT_FILE],
  };
}

export interface LintEntry {
  language: Language;
  parsed: ParsedSample;
}

/** Report path of the i-th sample of a lint batch. */
export function lintReportPath(index: number): string {
  return `s${index}/${REPORT_FILE}`;
}

/**
 * One job linting every entry (all of one image). Its time limit grows with the batch: each sample keeps the
 * allowance it would have alone, on top of the linter's start-up, which the batch pays once.
 */
export function lintBatchJob(entries: LintEntry[], config: Config): SandboxJob {
  const first = entries[0];
  if (!first?.language.harness.lint) throw new Error('lintBatchJob needs entries of a language with a batched linter');
  const files: Record<string, string> = {};
  const samples = entries.map(({ language, parsed }, i) => {
    const dir = `s${i}`;
    files[`${dir}/${language.fileNames.solution}`] = parsed.files.solution;
    files[`${dir}/${language.fileNames.tests}`] = parsed.files.tests;
    return { dir, language: language.name, ...language.fileNames, errorRules: errorRules(language.name) };
  });
  files[JOB_FILE] = JSON.stringify({ samples });
  return {
    image: first.language.image,
    files,
    command: [...first.language.harness.lint, JOB_FILE],
    limits: { timeoutMs: LINT_STARTUP_MS + entries.length * Math.max(LINT_PER_SAMPLE_MS, Math.round(config.sandboxTimeoutMs / 4)) },
    collect: entries.map((_, i) => lintReportPath(i)),
  };
}
