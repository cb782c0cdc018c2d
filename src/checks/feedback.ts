// A Verdict as text for the revision prompt: what failed and where, the failing tests with their messages,
// the limit hit, the exit code, the lint findings, and the tails of stderr and stdout.
import type { Diagnostic } from '../languages/types.ts';
import type { Verdict } from './verdict.ts';

const STDERR_TAIL = 3000;
const STDOUT_TAIL = 1000;
const MAX_CASES = 20;
const MAX_FINDINGS = 30;
const MESSAGE_CHARS = 600;

function tail(text: string, max: number): string {
  return text.length <= max ? text : `...${text.slice(-max)}`;
}

function clip(text: string): string {
  return text.length <= MESSAGE_CHARS ? text : `${text.slice(0, MESSAGE_CHARS)}...`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.column].filter((p) => p !== undefined).join(':');
  return `${where ? `${where}: ` : ''}${d.severity}${d.rule ? ` [${d.rule}]` : ''}: ${clip(d.message)}`;
}

const STAGE_WORDS = { parse: 'does not parse', lint: 'fails the linter', test: 'fails its tests' } as const;

export function feedbackText(verdict: Verdict): string {
  const lines: string[] = [];
  if (verdict.status === 'pass') {
    lines.push(`The sample passes: ${verdict.tests.passed} test(s) passed.`);
  } else if (verdict.status === 'error') {
    lines.push(`The checks could not judge the sample (an error on our side, not in the code), at the ${verdict.stage ?? 'unknown'} stage.`);
  } else {
    lines.push(`The sample ${verdict.stage ? STAGE_WORDS[verdict.stage] : 'fails'}.`);
  }

  const failing = verdict.tests.cases.filter((c) => c.status !== 'pass');
  if (verdict.tests.cases.length > 0) {
    lines.push('', `Tests: ${verdict.tests.passed} passed, ${verdict.tests.failed} failed.`);
    for (const c of failing.slice(0, MAX_CASES)) lines.push(`- ${c.name} (${c.status === 'fail' ? 'assertion failed' : 'error'}): ${clip(c.message)}`);
    if (failing.length > MAX_CASES) lines.push(`- ... and ${failing.length - MAX_CASES} more failing test(s)`);
  }

  if (verdict.limit) lines.push('', `Limit hit: ${verdict.limit}${verdict.timedOut ? ' (the run was stopped: look for an endless loop or a slow algorithm)' : ''}.`);

  const errors = verdict.diagnostics.filter((d) => d.severity === 'error');
  const warnings = verdict.diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length > 0) {
    lines.push('', 'Errors:');
    for (const d of errors.slice(0, MAX_FINDINGS)) lines.push(`- ${formatDiagnostic(d)}`);
  }
  if (warnings.length > 0) {
    lines.push('', 'Style warnings (do not fail the check):');
    for (const d of warnings.slice(0, MAX_FINDINGS)) lines.push(`- ${formatDiagnostic(d)}`);
  }

  if (verdict.exitCode !== null && verdict.stage === 'test') lines.push('', `Exit code: ${verdict.exitCode}`);
  if (verdict.stderr.trim() !== '') {
    lines.push('', `Stderr${verdict.stderrTruncated ? ' (truncated)' : ''}, last part:`, tail(verdict.stderr.trimEnd(), STDERR_TAIL));
  }
  if (verdict.stdout.trim() !== '' && verdict.status !== 'pass') {
    lines.push('', `Stdout${verdict.stdoutTruncated ? ' (truncated)' : ''}, last part:`, tail(verdict.stdout.trimEnd(), STDOUT_TAIL));
  }
  return lines.join('\n');
}
