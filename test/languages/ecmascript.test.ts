import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javascript } from '../../src/languages/javascript.ts';
import { typescript } from '../../src/languages/typescript.ts';

const solution = [
  'export function twoSum(nums: number[], target: number): number[] {',
  '  return helper(nums, target);',
  '}',
  'function helper(nums: number[], target: number): number[] {',
  '  return nums.length > target ? [0] : [];',
  '}',
  'export const double = (x: number): number => x * 2;',
  'export interface Pair { a: number; b: number }',
  'export class Counter { count(): number { return 0; } }',
  'export function over(a: string): string;',
  'export function over(a: number): number;',
  'export function over(a: string | number): string | number { return a; }',
  '',
].join('\n');

describe('typescript parse', () => {
  it('lists the functions, classes and methods with signatures, exported or not', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(twoSum([1], 2), []); }\n" });
    assert.deepEqual(parsed.entryPoints.map((p) => [p.name, p.kind, p.signature]), [
      ['twoSum', 'function', 'twoSum(nums: number[], target: number): number[]'],
      ['helper', 'function', 'helper(nums: number[], target: number): number[]'],
      ['double', 'function', 'double(x: number): number'],
      ['Counter', 'class', 'class Counter'],
      ['Counter.count', 'method', 'count(): number'],
      ['over', 'function', 'over(a: string): string'],
    ]);
    assert.deepEqual(parsed.testNames, ['test_a']);
  });

  it('imports what the tests use and exports their test functions, keeping every line where it was', () => {
    const tests = [
      "import assert from 'node:assert/strict';",
      '',
      'function test_pair(): void {',
      '  const p: Pair = { a: 1, b: 2 };',
      '  assert.deepEqual(twoSum([p.a], p.b), []);',
      '}',
      '',
      'export function test_double(): void {',
      '  assert.equal(double(2), 4);',
      '}',
    ].join('\n');
    const parsed = typescript.parse({ code: solution, tests });
    assert.deepEqual(parsed.diagnostics, []);
    const lines = parsed.files.tests.split('\n');
    assert.deepEqual(lines.slice(0, 10), tests.split('\n'));
    assert.deepEqual(lines.slice(10), ["import { twoSum, double } from './solution.js';", 'export { test_pair };', '']);
    // Every top-level value of a module solution is visible to the tests: the ones it did not export are added.
    assert.match(parsed.files.solution, /\nexport \{ helper \};\n$/);
    assert.deepEqual(parsed.testNames, ['test_pair', 'test_double']);
  });

  it('points an import of the solution the tests wrote themselves at ./solution.js and imports nothing twice', () => {
    const tests = "import assert from 'node:assert/strict';\nimport { twoSum as ts } from \"./solution\";\nfunction test_a(): void { assert.deepEqual(ts([1], 2), []); assert.equal(double(1), 2); }\n";
    const parsed = typescript.parse({ code: solution, tests });
    assert.match(parsed.files.tests, /^import \{ twoSum as ts \} from "\.\/solution\.js";$/m);
    assert.match(parsed.files.tests, /^import \{ double \} from '\.\/solution\.js';$/m);
    assert.deepEqual(parsed.calledEntryPoints.sort(), ['double', 'twoSum']);
  });

  it('lets the tests use a function the solution does not export, as one program would', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(helper([1], 2), []); }\n" });
    assert.deepEqual(parsed.diagnostics, []);
    assert.match(parsed.files.tests, /import \{ helper \} from '\.\/solution\.js';/);
  });

  it('runs a script solution and script tests in one scope, as MultiPL-E writes them', () => {
    const parsed = typescript.parse({
      code: '//Adds.\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n',
      tests: "declare var require: any;\nconst assert = require('node:assert');\nfunction test() {\n  let candidate = add;\n  assert.deepEqual(candidate(1, 2),3);\n}\n\ntest();\n",
    });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.harness, { scripts: { solution: true, tests: true }, solutionGlobals: ['add'] });
    assert.deepEqual(parsed.testNames, ['test']);
  });

  it('blanks the tests\' import of a script solution, line for line', () => {
    const tests = "import assert from 'node:assert/strict';\nimport { add } from './solution';\nfunction test_a(): void { assert.equal(add(1, 2), 3); }\n";
    const parsed = typescript.parse({ code: 'function add(a: number, b: number): number { return a + b; }\n', tests });
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.files.tests.split('\n')[1]?.trim(), '');
    assert.equal(parsed.files.tests.split('\n').length, tests.split('\n').length + 1);
  });

  it('reports a missing token with its position', () => {
    const parsed = typescript.parse({ code: 'export function f(x: number {\n  return x;\n}\n', tests: 'f(1);\n' });
    assert.deepEqual(parsed.diagnostics.map((d) => [d.line, d.column, d.message]), [[1, 28, 'syntax error: missing ")"']]);
  });

  it('transpiles the test job to CommonJS JavaScript with source maps beside it', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(twoSum([1], 2), []); }\n" });
    const job = typescript.testFiles(parsed);
    assert.equal(job.solution, 'solution.js');
    assert.equal(job.tests, 'tests.js');
    assert.doesNotMatch(job.files['solution.js'] ?? '', /: number/);
    assert.match(job.files['solution.js'] ?? '', /exports\.twoSum = twoSum/);
    assert.match(job.files['tests.js'] ?? '', /require\("\.\/solution\.js"\)/);
    const maps = JSON.parse(job.files['flywheel-maps.json'] ?? '{}') as Record<string, string>;
    assert.match(maps['tests.js'] ?? '', /"mappings"/);
  });
});

describe('javascript parse', () => {
  it('handles the same convention without types', () => {
    const parsed = javascript.parse({
      code: 'export function add(a, b) {\n  return a + b;\n}\nexport const { PI: pi } = Math;\n',
      tests: "import assert from 'node:assert/strict';\nfunction test_add() {\n  assert.equal(add(1, 2), 3);\n}\nconst test_pi = () => assert.ok(pi > 3);\n",
    });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.testNames, ['test_add', 'test_pi']);
    assert.match(parsed.files.tests, /import \{ add, pi \} from '\.\/solution\.js';\nexport \{ test_add, test_pi \};\n$/);
    const job = javascript.testFiles(parsed);
    assert.match(job.files['tests.js'] ?? '', /require\("\.\/solution\.js"\)/);
  });

  it('keeps HumanEval-X\'s one program as two scripts, run as written', () => {
    const code = '/* Add. */\nconst add = (a, b) => {\n  return a + b;\n}\n';
    const tests = 'const testAdd = () => {\n  console.assert(add(1, 2) === 3)\n}\n\ntestAdd()\n';
    const parsed = javascript.parse({ code, tests });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.testNames, ['testAdd']);
    assert.deepEqual(parsed.harness, { scripts: { solution: true, tests: true }, solutionGlobals: ['add'] });
    const job = javascript.testFiles(parsed);
    assert.equal(job.files['solution.js'], code);
    assert.equal(job.files['tests.js'], tests);
  });

  it('flags tests that only test themselves', () => {
    const parsed = javascript.parse({ code: 'export function add(a, b) { return a + b; }\n', tests: "import assert from 'node:assert/strict';\nfunction test_a() { assert.equal(1 + 2, 3); }\n" });
    assert.deepEqual(parsed.diagnostics.map((d) => d.rule), ['flywheel:tests-call-solution']);
  });
});
