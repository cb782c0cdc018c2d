// How a harness's channel records and the sandbox's result become a Verdict, for the endings that are hard to
// provoke on purpose (a kill in the middle of a case, a linter cut short, a crash) and for every way a report can
// be wrong: forged, cut, out of order, a case missing, twice or unknown, a process that did not finish.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedCases, jobOutcome, readRecords } from '../../src/checks/report.ts';
import { capText, makeVerdict } from '../../src/checks/verdict.ts';
import type { ChannelReport, SandboxResult } from '../../src/sandbox/types.ts';

const limits = { timeoutMs: 3000, memoryMb: 448, outputBytes: 65536 };
type Rec = Record<string, unknown>;

function channel(records: Rec[], over: Partial<ChannelReport> = {}): ChannelReport {
  return { records, forged: 0, truncated: false, ...over };
}

function result(records: Rec[] | null, over: Partial<SandboxResult> = {}): SandboxResult {
  return {
    exitCode: 0, signal: null, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false,
    collected: {}, durationMs: 100, limit: null, timedOut: false, report: records === null ? null : channel(records), ...over,
  };
}

const lint = (gated = false): Rec[] => [{ ev: 'lint', gated }];
const pass = (name: string): Rec[] => [{ ev: 'start', case: name }, { ev: 'end', case: name, status: 'pass', message: '' }];
const failing = (name: string, status = 'fail', message = 'boom'): Rec[] => [{ ev: 'start', case: name }, { ev: 'end', case: name, status, message }];
const done: Rec = { ev: 'done', timedOut: false };
const loaded = [...pass('<solution>'), ...pass('<module>')];

describe('a report that earns a pass', () => {
  it('passes when every parsed case passed once and the process finished and exited 0', () => {
    const out = jobOutcome('python', result([...lint(), ...loaded, ...pass('test_a'), ...pass('test_b'), done]), limits, 'lint', ['test_a', 'test_b']);
    assert.equal(out.status, 'pass');
    assert.equal(out.stage, null);
    assert.deepEqual(out.cases?.map((c) => c.name), ['test_a', 'test_b']);
  });

  it('passes a file of top-level asserts as its one case, <module>', () => {
    const out = jobOutcome('python', result([...lint(), ...loaded, done]), limits, 'lint', expectedCases([]));
    assert.equal(out.status, 'pass');
    assert.deepEqual(out.cases?.map((c) => [c.name, c.status]), [['<module>', 'pass']]);
  });
});

describe('a report the host does not believe', () => {
  it('fails a run that exited 0 before its cases ran, naming the cases never reported', () => {
    const out = jobOutcome('python', result([...lint(), ...loaded, ...pass('test_a')], { exitCode: 0 }), limits, 'lint', ['test_a', 'test_b', 'test_c']);
    assert.equal(out.status, 'fail');
    const messages = out.diagnostics?.map((d) => d.message).join('\n') ?? '';
    assert.match(messages, /never reported, so never seen to pass: test_b, test_c/);
    assert.match(messages, /ended before its report was complete/);
  });

  it('fails a report with a case the tests do not define, and one reported twice', () => {
    const extra = jobOutcome('php', result([...lint(), ...loaded, ...pass('test_a'), ...pass('test_zzz'), done]), limits, 'lint', ['test_a']);
    assert.equal(extra.status, 'fail');
    assert.ok(extra.diagnostics?.some((d) => d.rule === 'flywheel:tamper-report' && /test_zzz/.test(d.message)));
    const twice = jobOutcome('php', result([...lint(), ...loaded, ...pass('test_a'), ...pass('test_a'), done]), limits, 'lint', ['test_a']);
    assert.equal(twice.status, 'fail');
    assert.ok(twice.diagnostics?.some((d) => /reported twice/.test(d.message)));
  });

  it('fails a report with records that did not come from the harness, whatever the records say', () => {
    const report = { ...channel([...lint(), ...loaded, ...pass('test_a'), done]), forged: 3 };
    const out = jobOutcome('typescript', result(null, { report }), limits, 'test', ['test_a']);
    assert.equal(out.status, 'fail');
    assert.ok(out.diagnostics?.some((d) => /3 report record\(s\) did not come from the harness/.test(d.message)));
  });

  it('fails a report cut at the size cap', () => {
    const report = { ...channel([...lint(), ...loaded, ...pass('test_a'), done]), truncated: true };
    assert.equal(jobOutcome('python', result(null, { report }), limits, 'lint', ['test_a']).status, 'fail');
  });

  it('fails records out of order: an end without its start, a start inside a case, anything after done', () => {
    const orphan = jobOutcome('python', result([...lint(), ...loaded, { ev: 'end', case: 'test_a', status: 'pass' }, done]), limits, 'lint', ['test_a']);
    assert.equal(orphan.status, 'fail');
    assert.ok(orphan.diagnostics?.some((d) => /ended without having started/.test(d.message)));
    const nested = jobOutcome('python', result([...lint(), ...loaded, { ev: 'start', case: 'test_a' }, ...pass('test_b'), done]), limits, 'lint', ['test_a', 'test_b']);
    assert.equal(nested.status, 'fail');
    const after = jobOutcome('python', result([...lint(), ...loaded, ...pass('test_a'), done, ...pass('test_a')]), limits, 'lint', ['test_a']);
    assert.equal(after.status, 'fail');
    assert.ok(after.diagnostics?.some((d) => /after the report was complete/.test(d.message)));
  });

  it('fails a harness tamper record with its message', () => {
    const out = jobOutcome('javascript', result([...loaded, { ev: 'tamper', message: 'the test worker broke the order' }, done]), limits, 'test', ['<module>']);
    assert.equal(out.status, 'fail');
    assert.ok(out.diagnostics?.some((d) => /broke the order/.test(d.message)));
  });

  it('fails a run whose tests all passed but whose exit code was not 0', () => {
    const out = jobOutcome('typescript', result([...loaded, ...pass('test_a'), done], { exitCode: 1 }), limits, 'test', ['test_a']);
    assert.equal(out.status, 'fail');
    assert.match(out.diagnostics?.[0]?.message ?? '', /exit code 1/);
  });
});

describe('endings', () => {
  it('names the case a kill interrupted, with the limit in words', () => {
    const out = jobOutcome('python', result([...lint(), ...loaded, ...pass('test_a'), { ev: 'start', case: 'test_big' }], { exitCode: null, signal: 'SIGKILL', limit: 'memory' }), limits, 'lint', ['test_a', 'test_big']);
    assert.equal(out.status, 'fail');
    assert.equal(out.stage, 'test');
    assert.equal(out.limit, 'memory');
    assert.deepEqual(out.cases?.map((c) => [c.name, c.status]), [['test_a', 'pass'], ['test_big', 'error']]);
    assert.match(out.cases?.[1]?.message ?? '', /out of memory \(limit 448 MiB\)/);
  });

  it('names a case that ended the process itself', () => {
    const out = jobOutcome('php', result([...lint(), ...loaded, { ev: 'start', case: 'test_exit' }], { exitCode: 3 }), limits, 'lint', ['test_exit']);
    assert.equal(out.status, 'fail');
    assert.match(out.cases?.[0]?.message ?? '', /exit code 3/);
  });

  it('shows only the solution\'s failure when the solution did not load', () => {
    const out = jobOutcome('python', result([...lint(), ...failing('<solution>', 'error', 'NameError: x'), done]), limits, 'lint', ['test_a', 'test_b']);
    assert.equal(out.status, 'fail');
    assert.deepEqual(out.cases?.map((c) => [c.name, c.status]), [['<solution>', 'error']]);
  });

  it('keeps a failing module body among the cases', () => {
    const out = jobOutcome('python', result([...lint(), ...pass('<solution>'), ...failing('<module>'), ...pass('test_a'), done]), limits, 'lint', ['test_a']);
    assert.equal(out.status, 'fail');
    assert.deepEqual(out.cases?.map((c) => [c.name, c.status]), [['<module>', 'fail'], ['test_a', 'pass']]);
  });

  it('fails at lint when the linter ran out of time, not at test', () => {
    const out = jobOutcome('python', result([{ ev: 'done', timedOut: true }]), limits, 'lint', ['test_a']);
    assert.equal(out.status, 'fail');
    assert.equal(out.stage, 'lint');
    assert.equal(out.limit, 'timeout');
    assert.match(out.diagnostics?.at(-1)?.message ?? '', /linter did not finish: timed out/);
  });

  it('fails a sample that was killed before the harness could report anything', () => {
    const out = jobOutcome('python', result(null, { exitCode: null, limit: 'timeout', timedOut: true }), limits, 'lint', ['test_a']);
    assert.equal(out.status, 'fail');
    assert.equal(out.timedOut, true);
  });

  it('answers error, not fail, when the harness reported nothing and no limit explains it', () => {
    const out = jobOutcome('python', result(null, { exitCode: 2, stderr: 'python3: can\'t open file' }), limits, 'lint', ['test_a']);
    assert.equal(out.status, 'error');
    assert.match(out.diagnostics?.[0]?.message ?? '', /reported nothing \(exit code 2\)/);
  });

  it('answers error for a harness crash', () => {
    const out = jobOutcome('python', result([{ ev: 'crash', message: 'KeyError: x' }]), limits, 'lint', ['test_a']);
    assert.equal(out.status, 'error');
    assert.match(out.diagnostics?.[0]?.message ?? '', /KeyError/);
  });

  it('keeps lint findings with their severity from the table, and gates on errors', () => {
    const findings = [
      { ev: 'finding', file: 'solution.py', line: 2, column: 1, tool: 'pyflakes', rule: 'UnusedImport', message: "'os' imported but unused" },
      { ev: 'finding', file: 'tests.py', line: 3, column: 5, tool: 'pyflakes', rule: 'UndefinedName', message: "undefined name 'x'" },
      { ev: 'finding', file: 'solution.py', line: 5, column: 1, tool: 'pyflakes', rule: 'RedefinedWhileUnused', message: "redefinition of unused 'f'" },
    ];
    const out = jobOutcome('python', result([...findings, ...lint(true), done]), limits, 'lint', ['test_a']);
    assert.equal(out.stage, 'lint');
    assert.equal(out.status, 'fail');
    assert.deepEqual(out.diagnostics?.map((d) => [d.severity, d.rule]), [
      ['warning', 'pyflakes:UnusedImport'],
      ['error', 'pyflakes:UndefinedName'],
      ['warning', 'pyflakes:RedefinedWhileUnused'],
    ]);
  });
});

describe('readRecords', () => {
  it('has no report for a job without records', () => {
    assert.equal(readRecords(null), null);
    assert.equal(readRecords(channel([])), null);
  });

  it('keeps a report of nothing but forged records, so they are counted', () => {
    assert.equal(readRecords(channel([], { forged: 2 }))?.forged, 2);
  });

  it('normalises an unknown case status to error and caps messages', () => {
    const r = readRecords(channel([{ ev: 'start', case: 'a' }, { ev: 'end', case: 'a', status: 'weird', message: 'x'.repeat(5000) }]));
    assert.equal(r?.cases[0]?.status, 'error');
    assert.equal(r?.cases[0]?.message.length, 2000);
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
