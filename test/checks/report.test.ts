// How a harness report and the sandbox's result become a Verdict, for the endings that are hard to provoke on
// purpose: a harness that never wrote, a kill in the middle of a case, a linter cut short, a crash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobOutcome, readReport, type HarnessReport } from '../../src/checks/report.ts';
import { capText, makeVerdict } from '../../src/checks/verdict.ts';
import type { SandboxResult } from '../../src/sandbox/types.ts';

const limits = { timeoutMs: 3000, memoryMb: 448, outputBytes: 65536 };

function result(over: Partial<SandboxResult> = {}): SandboxResult {
  return {
    exitCode: 0, signal: null, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false,
    collected: {}, durationMs: 100, limit: null, timedOut: false, ...over,
  };
}

function report(over: Partial<HarnessReport> = {}): HarnessReport {
  return { phase: 'test', lint: [], gated: false, cases: [], running: null, done: true, timedOut: false, ...over };
}

describe('jobOutcome', () => {
  it('passes when every case passed and the harness exited 0', () => {
    const out = jobOutcome('python', result(), report({ cases: [{ name: 'test_a', status: 'pass', message: '' }] }), limits, 'lint');
    assert.equal(out.status, 'pass');
    assert.equal(out.stage, null);
  });

  it('names the case a kill interrupted, with the limit in words', () => {
    const out = jobOutcome('python', result({ exitCode: null, signal: 'SIGKILL', limit: 'memory' }), report({ done: false, running: 'test_big', cases: [{ name: 'test_a', status: 'pass', message: '' }] }), limits, 'lint');
    assert.equal(out.status, 'fail');
    assert.equal(out.stage, 'test');
    assert.equal(out.limit, 'memory');
    assert.deepEqual(out.cases?.map((c) => [c.name, c.status]), [['test_a', 'pass'], ['test_big', 'error']]);
    assert.match(out.cases?.[1]?.message ?? '', /out of memory \(limit 448 MiB\)/);
  });

  it('explains a limit that struck between cases, where no case carries it', () => {
    const out = jobOutcome('javascript', result({ exitCode: null, signal: 'SIGKILL', limit: 'output' }), report({ done: false, cases: [{ name: 'test_a', status: 'pass', message: '' }] }), limits, 'test');
    assert.equal(out.status, 'fail');
    assert.equal(out.limit, 'output');
    assert.match(out.diagnostics?.[0]?.message ?? '', /the run was stopped: printed far more than the 65536 bytes/);
  });

  it('names a case that ended the process itself', () => {
    const out = jobOutcome('php', result({ exitCode: 3 }), report({ done: false, running: 'test_exit' }), limits, 'lint');
    assert.equal(out.status, 'fail');
    assert.match(out.cases?.[0]?.message ?? '', /exit code 3/);
  });

  it('fails at lint when the linter ran out of time, not at test', () => {
    const out = jobOutcome('python', result(), report({ phase: 'lint', timedOut: true }), limits, 'lint');
    assert.equal(out.status, 'fail');
    assert.equal(out.stage, 'lint');
    assert.equal(out.limit, 'timeout');
    assert.match(out.diagnostics?.[0]?.message ?? '', /linter did not finish: timed out/);
  });

  it('fails a sample that was killed before the harness could write anything', () => {
    const out = jobOutcome('python', result({ exitCode: null, limit: 'timeout', timedOut: true }), null, limits, 'lint');
    assert.equal(out.status, 'fail');
    assert.equal(out.stage, 'lint');
    assert.equal(out.timedOut, true);
  });

  it('answers error, not fail, when the harness wrote nothing and no limit explains it', () => {
    const out = jobOutcome('python', result({ exitCode: 2, stderr: 'python3: can\'t open file' }), null, limits, 'lint');
    assert.equal(out.status, 'error');
    assert.match(out.diagnostics?.[0]?.message ?? '', /no report \(exit code 2\)/);
  });

  it('keeps lint findings with their severity from the table, and gates on errors', () => {
    const lint = [
      { file: 'solution.py', line: 2, column: 1, tool: 'pyflakes', rule: 'UnusedImport', message: "'os' imported but unused" },
      { file: 'tests.py', line: 3, column: 5, tool: 'pyflakes', rule: 'UndefinedName', message: "undefined name 'x'" },
    ];
    const out = jobOutcome('python', result(), report({ phase: 'lint', gated: true, lint }), limits, 'lint');
    assert.equal(out.stage, 'lint');
    assert.deepEqual(out.diagnostics?.map((d) => [d.severity, d.rule, d.file, d.line]), [
      ['warning', 'pyflakes:UnusedImport', 'solution.py', 2],
      ['error', 'pyflakes:UndefinedName', 'tests.py', 3],
    ]);
  });

  it('fails a run whose tests all passed but whose exit code was not 0', () => {
    const out = jobOutcome('typescript', result({ exitCode: 1 }), report({ cases: [{ name: 'test_a', status: 'pass', message: '' }] }), limits, 'test');
    assert.equal(out.status, 'fail');
    assert.match(out.diagnostics?.[0]?.message ?? '', /exit code 1/);
  });

  it('fails a test file with no case at all', () => {
    const out = jobOutcome('python', result(), report(), limits, 'lint');
    assert.equal(out.status, 'fail');
    assert.equal(out.diagnostics?.[0]?.message, 'no test case ran');
  });
});

describe('readReport', () => {
  it('rejects what is not a report', () => {
    assert.equal(readReport(undefined), null);
    assert.equal(readReport('{"lint": [], "cas'), null);
    assert.equal(readReport('[1, 2]'), null);
  });

  it('normalises an unknown case status to error', () => {
    const r = readReport(JSON.stringify({ phase: 'test', lint: [], cases: [{ name: 'a', status: 'weird', message: 1 }], done: true }));
    assert.deepEqual(r?.cases, [{ name: 'a', status: 'error', message: '1' }]);
  });
});

describe('verdict output caps', () => {
  it('cuts at a byte limit without splitting a character, and marks the cut', () => {
    assert.deepEqual(capText('abc', 10), { text: 'abc', truncated: false });
    assert.deepEqual(capText('ééé', 5), { text: 'éé', truncated: true });
    const v = makeVerdict({ status: 'pass', stage: null, stdout: 'x'.repeat(5000), stderr: 'y' }, performance.now(), 1024);
    assert.equal(v.stdout.length, 1024);
    assert.equal(v.stdoutTruncated, true);
    assert.equal(v.stderrTruncated, false);
  });
});
