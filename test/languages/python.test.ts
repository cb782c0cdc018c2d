import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { python } from '../../src/languages/python.ts';

describe('python parse', () => {
  it('finds nothing wrong in a valid sample and lists its entry points with signatures', () => {
    const parsed = python.parse({
      code: 'from functools import cache\n\n\n@cache\ndef two_sum(nums: list[int], target: int) -> list[int]:\n    return []\n\n\nclass Solution:\n    def twoSum(self, nums):\n        return []\n\n    def _helper(self):\n        pass\n',
      tests: 'def test_a():\n    assert two_sum([1], 2) == []\n\n\nclass TestSolution:\n    def test_b(self):\n        assert Solution().twoSum([]) == []\n\n    def helper(self):\n        pass\n',
    });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.entryPoints.map((p) => [p.name, p.kind, p.signature, p.line]), [
      ['two_sum', 'function', 'two_sum(nums: list[int], target: int) -> list[int]', 5],
      ['Solution', 'class', 'class Solution', 9],
      ['Solution.twoSum', 'method', 'twoSum(self, nums)', 10],
      ['Solution._helper', 'method', '_helper(self)', 13],
    ]);
    assert.deepEqual(parsed.testNames, ['test_a', 'TestSolution.test_b']);
    assert.deepEqual(parsed.calledEntryPoints.sort(), ['Solution', 'two_sum']);
  });

  it('points an unclosed bracket at the bracket, not at the start of the function', () => {
    const parsed = python.parse({ code: 'def f(nums):\n    total = 0\n    return [total,\n', tests: 'f(1)\n' });
    assert.equal(parsed.diagnostics.length, 1);
    assert.deepEqual(parsed.diagnostics[0], {
      stage: 'parse', severity: 'error', file: 'solution.py', line: 3, column: 12, rule: 'tree-sitter:ERROR', message: 'syntax error: "[" is never closed',
    });
  });

  it('names the offending text of a syntax error in the tests', () => {
    const parsed = python.parse({ code: 'def f(x):\n    return x\n', tests: 'def test_a():\n    if f(1) = 1:\n        pass\n' });
    const d = parsed.diagnostics[0];
    assert.equal(d?.file, 'tests.py');
    assert.equal(d?.line, 2);
    assert.equal(d?.column, 13);
    assert.match(d?.message ?? '', /"= 1"/);
  });

  it('flags tests that never mention the solution, but not tests that import it as a module', () => {
    const code = 'def add(a, b):\n    return a + b\n';
    const vacuous = python.parse({ code, tests: 'def test_a():\n    assert 1 + 1 == 2\n' });
    assert.deepEqual(vacuous.diagnostics.map((d) => [d.stage, d.severity, d.rule]), [['lint', 'error', 'flywheel:tests-call-solution']]);
    const viaModule = python.parse({ code, tests: 'import solution\n\n\ndef test_a():\n    assert solution.add(1, 1) == 2\n' });
    assert.deepEqual(viaModule.diagnostics, []);
  });

  it('keeps the files as they are: the harness puts the names in scope', () => {
    const sample = { code: 'def f():\n    return 1\n', tests: 'from solution import *\nassert f() == 1\n' };
    assert.deepEqual(python.parse(sample).files, { solution: sample.code, tests: sample.tests });
    assert.deepEqual(Object.keys(python.testFiles(python.parse(sample)).files).sort(), ['solution.py', 'tests.py']);
  });
});
