import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedbackText } from '../../src/checks/feedback.ts';
import { makeVerdict } from '../../src/checks/verdict.ts';

describe('feedbackText', () => {
  it('gives the revision prompt the failing tests, their messages, the exit code and the tail of stderr', () => {
    const v = makeVerdict({
      status: 'fail', stage: 'test', exitCode: 0,
      cases: [
        { name: 'test_ok', status: 'pass', message: '' },
        { name: 'test_edge', status: 'fail', message: 'AssertionError at tests.py:9: assert f([]) == 0 -- left: None, right: 0' },
      ],
      stderr: `${'noise\n'.repeat(2000)}--- test_edge\nAssertionError\n`,
      diagnostics: [{ stage: 'lint', severity: 'warning', file: 'solution.py', line: 1, column: 1, rule: 'pyflakes:UnusedImport', message: "'os' imported but unused" }],
    }, performance.now(), 65536);
    const text = feedbackText(v);
    assert.match(text, /^The sample fails its tests\./);
    assert.match(text, /Tests: 1 passed, 1 failed\./);
    assert.match(text, /- test_edge \(assertion failed\): AssertionError at tests\.py:9: assert f\(\[\]\) == 0 -- left: None, right: 0/);
    assert.doesNotMatch(text, /test_ok/);
    assert.match(text, /Exit code: 0/);
    assert.match(text, /Style warnings \(do not fail the check\):\n- solution\.py:1:1: warning \[pyflakes:UnusedImport\]/);
    assert.match(text, /--- test_edge\nAssertionError$/);
    assert.ok(text.length < 5000, 'stderr is cut to its tail');
  });

  it('names the limit that was hit', () => {
    const v = makeVerdict({ status: 'fail', stage: 'test', limit: 'timeout', timedOut: true, cases: [{ name: 'test_big', status: 'error', message: 'timed out' }] }, performance.now(), 65536);
    assert.match(feedbackText(v), /Limit hit: timeout \(the run was stopped/);
  });

  it('lists lint errors with file, line and rule', () => {
    const v = makeVerdict({ status: 'fail', stage: 'lint', diagnostics: [{ stage: 'lint', severity: 'error', file: 'tests.ts', line: 4, column: 10, rule: 'tsc:TS2304', message: "Cannot find name 'fo'." }] }, performance.now(), 65536);
    assert.equal(feedbackText(v), "The sample fails the linter.\n\nErrors:\n- tests.ts:4:10: error [tsc:TS2304]: Cannot find name 'fo'.");
  });

  it('says plainly when the failure was ours, not the sample\'s', () => {
    const v = makeVerdict({ status: 'error', stage: 'test', diagnostics: [{ stage: 'test', severity: 'error', message: 'sandbox failure during test: FLY_SANDBOX_UNAVAILABLE' }] }, performance.now(), 65536);
    assert.match(feedbackText(v), /could not judge the sample \(an error on our side, not in the code\)/);
  });
});
