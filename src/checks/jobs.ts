// The sandbox jobs of the checks: a test job per sample (with the linter first where it is cheap to start),
// and a lint job answered by the image's resident linter for the languages whose linter takes seconds to load.
import type { Config } from '../config.ts';
import { FlywheelError } from '../errors.ts';
import { errorRules } from '../languages/lint-rules.ts';
import type { Language, ParsedSample } from '../languages/types.ts';
import { defaultLimits } from '../sandbox/limits.ts';
import type { JobLimits, SandboxJob } from '../sandbox/types.ts';

export const JOB_FILE = 'flywheel-job.json';
/** The resident linter's compiled code of the sample, where it gave one. */
export const COMPILED_FILE = 'flywheel-compiled.b64';
/** Time of one lint request to a warm linter: ~0.1-0.3 s measured; the rest is headroom for a busy host. */
const LINT_TIMEOUT_MS = 15000;

/**
 * The harness's own deadline: the job's limit minus time to send the last records, so a busy loop ends as a
 * timed-out case named in the report rather than as a killed process.
 */
export function harnessDeadline(timeoutMs: number): number {
  // The margin also absorbs the interpreter's start-up, slow when the host's cores are all busy.
  return Math.max(50, timeoutMs - Math.max(500, Math.round(timeoutMs * 0.15)));
}

export function jobLimits(config: Config): JobLimits {
  return defaultLimits(config);
}

/** `compiled`: what the resident linter compiled of this sample (Python), loaded by the harness instead of compiling. */
export function testJob(language: Language, parsed: ParsedSample, config: Config, compiled?: string): SandboxJob {
  const { files, solution, tests } = language.testFiles(parsed);
  const limits = jobLimits(config);
  const job = {
    language: language.name,
    solution,
    tests,
    deadlineMs: harnessDeadline(limits.timeoutMs),
    memoryMb: limits.memoryMb,
    errorRules: errorRules(language.name),
    testNames: parsed.testNames,
    // The names messages use for the files (the job's may be compiled from them).
    displayNames: language.fileNames,
    ...parsed.harness,
    ...(compiled !== undefined ? { compiled: COMPILED_FILE } : {}),
  };
  return {
    image: language.image,
    files: { ...files, ...(compiled !== undefined ? { [COMPILED_FILE]: compiled } : {}), [JOB_FILE]: JSON.stringify(job) },
    command: [...language.harness.test, JOB_FILE],
    limits: { timeoutMs: limits.timeoutMs },
    channel: true,
  };
}

/** One sample for the image's resident linter: its two files and what the linter must know of them. */
export function lintJob(language: Language, parsed: ParsedSample): SandboxJob {
  if (!language.harness.lint) throw new FlywheelError('FLY_INTERNAL', `${language.name} has no resident linter`);
  const job = { language: language.name, ...language.fileNames, errorRules: errorRules(language.name), ...parsed.harness };
  return {
    image: language.image,
    files: { [language.fileNames.solution]: parsed.files.solution, [language.fileNames.tests]: parsed.files.tests, [JOB_FILE]: JSON.stringify(job) },
    command: [...language.harness.lint, JOB_FILE],
    limits: { timeoutMs: LINT_TIMEOUT_MS },
  };
}
