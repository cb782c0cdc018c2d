// The Verdict: what the checks say about one sample (the contract in ARCHITECTURE.md). `fail` is the sample's
// fault (syntax, lint defect, failing test, a limit it hit); `error` is ours (sandbox unavailable, harness
// crash) and says nothing about the sample.
import type { LimitName } from '../sandbox/types.ts';
import type { Diagnostic, Stage } from '../languages/types.ts';

export type { Diagnostic, Stage };
export type VerdictStatus = 'pass' | 'fail' | 'error';
export type CaseStatus = 'pass' | 'fail' | 'error';

export interface TestCase {
  name: string;
  status: CaseStatus;
  /** Assertion message with the values compared, or the exception; empty when it passed. */
  message: string;
}

export interface Verdict {
  status: VerdictStatus;
  /** The stage that failed (or was running when our own failure struck); null when everything passed. */
  stage: Stage | null;
  diagnostics: Diagnostic[];
  tests: { passed: number; failed: number; cases: TestCase[] };
  /** The sample's output while its tests ran, capped at SANDBOX_OUTPUT_BYTES per stream. */
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Exit code of the last sandbox job (the harness exits 0 once it has reported); null when killed or none ran. */
  exitCode: number | null;
  timedOut: boolean;
  /** The sandbox limit the sample ran into, if any. */
  limit: LimitName | null;
  /** Wall time of the whole check: parse, lint and test. */
  durationMs: number;
}

/** The parts of a Verdict every path fills in; the builder fills the rest. */
export interface VerdictParts {
  status: VerdictStatus;
  stage: Stage | null;
  diagnostics?: Diagnostic[];
  cases?: TestCase[];
  stdout?: string;
  stderr?: string;
  stdoutTruncated?: boolean;
  stderrTruncated?: boolean;
  exitCode?: number | null;
  timedOut?: boolean;
  limit?: LimitName | null;
}

/** Caps a string at `max` bytes of UTF-8 (never splitting a character); tells whether it cut. */
export function capText(text: string, max: number): { text: string; truncated: boolean } {
  if (Buffer.byteLength(text) <= max) return { text, truncated: false };
  const cut = Buffer.from(text).subarray(0, max).toString('utf8');
  // A character split at the cut decodes to U+FFFD; drop it.
  return { text: cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut, truncated: true };
}

export function makeVerdict(parts: VerdictParts, startedAt: number, outputBytes: number): Verdict {
  const cases = parts.cases ?? [];
  const stdout = capText(parts.stdout ?? '', outputBytes);
  const stderr = capText(parts.stderr ?? '', outputBytes);
  return {
    status: parts.status,
    stage: parts.stage,
    diagnostics: parts.diagnostics ?? [],
    tests: { passed: cases.filter((c) => c.status === 'pass').length, failed: cases.filter((c) => c.status !== 'pass').length, cases },
    stdout: stdout.text,
    stderr: stderr.text,
    stdoutTruncated: (parts.stdoutTruncated ?? false) || stdout.truncated,
    stderrTruncated: (parts.stderrTruncated ?? false) || stderr.truncated,
    exitCode: parts.exitCode ?? null,
    timedOut: parts.timedOut ?? false,
    limit: parts.limit ?? null,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** A Verdict for our own failure at `stage`: the sample is neither passed nor failed. */
export function errorVerdict(stage: Stage, message: string, startedAt: number, outputBytes: number): Verdict {
  return makeVerdict(
    { status: 'error', stage, diagnostics: [{ stage, severity: 'error', message, rule: 'flywheel:internal' }] },
    startedAt,
    outputBytes,
  );
}
