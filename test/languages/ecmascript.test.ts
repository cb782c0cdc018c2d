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
  it('lists the exported functions, classes and methods with signatures', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(twoSum([1], 2), []); }\n" });
    assert.deepEqual(parsed.entryPoints.map((p) => [p.name, p.kind, p.signature]), [
      ['twoSum', 'function', 'twoSum(nums: number[], target: number): number[]'],
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
    assert.deepEqual(lines.slice(10), ["import { twoSum, double, Pair } from './solution.js';", 'export { test_pair };', '']);
    assert.deepEqual(parsed.testNames, ['test_pair', 'test_double']);
  });

  it('points an import of the solution the tests wrote themselves at ./solution.js and imports nothing twice', () => {
    const tests = "import assert from 'node:assert/strict';\nimport { twoSum as ts } from \"./solution\";\nfunction test_a(): void { assert.deepEqual(ts([1], 2), []); assert.equal(double(1), 2); }\n";
    const parsed = typescript.parse({ code: solution, tests });
    assert.match(parsed.files.tests, /^import \{ twoSum as ts \} from "\.\/solution\.js";$/m);
    assert.match(parsed.files.tests, /^import \{ double \} from '\.\/solution\.js';$/m);
    assert.deepEqual(parsed.calledEntryPoints.sort(), ['double', 'twoSum']);
  });

  it('fails tests that use a function the solution does not export, at lint', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(helper([1], 2), []); }\n" });
    const d = parsed.diagnostics.find((x) => x.rule === 'flywheel:not-exported');
    assert.ok(d);
    assert.equal(d.stage, 'lint');
    assert.equal(d.line, 4);
    assert.match(d.message, /helper/);
  });

  it('reports a missing token with its position', () => {
    const parsed = typescript.parse({ code: 'export function f(x: number {\n  return x;\n}\n', tests: 'f(1);\n' });
    assert.deepEqual(parsed.diagnostics.map((d) => [d.line, d.column, d.message]), [[1, 28, 'syntax error: missing ")"']]);
  });

  it('compiles the test job to JavaScript with inline source maps', () => {
    const parsed = typescript.parse({ code: solution, tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.deepEqual(twoSum([1], 2), []); }\n" });
    const job = typescript.testFiles(parsed);
    assert.equal(job.solution, 'solution.js');
    assert.equal(job.tests, 'tests.js');
    assert.equal(job.files['package.json'], '{"type":"module"}\n');
    assert.doesNotMatch(job.files['solution.js'] ?? '', /: number/);
    assert.match(job.files['tests.js'] ?? '', /sourceMappingURL=data:application\/json;base64,/);
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
    assert.equal(job.files['tests.js'], parsed.files.tests);
  });

  it('flags tests that only test themselves', () => {
    const parsed = javascript.parse({ code: 'export function add(a, b) { return a + b; }\n', tests: "import assert from 'node:assert/strict';\nfunction test_a() { assert.equal(1 + 2, 3); }\n" });
    assert.deepEqual(parsed.diagnostics.map((d) => d.rule), ['flywheel:tests-call-solution']);
  });
});
