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
    assert.deepEqual(parsed.harness, { scripts: { solution: true, tests: true }, solutionGlobals: ['add'], checkedTests: ['test'] });
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
    assert.deepEqual(parsed.harness, { scripts: { solution: true, tests: true }, solutionGlobals: ['add'], checkedTests: ['testAdd'] });
    const job = javascript.testFiles(parsed);
    assert.equal(job.files['solution.js'], code);
    // As written, but for the counter around each check (see the checks tests below).
    assert.equal(job.files['tests.js'], tests.replace('console.assert(add(1, 2) === 3)', '__flywheel_check(console.assert(add(1, 2) === 3))'));
  });

  it('flags tests that only test themselves', () => {
    const parsed = javascript.parse({ code: 'export function add(a, b) { return a + b; }\n', tests: "import assert from 'node:assert/strict';\nfunction test_a() { assert.equal(1 + 2, 3); }\n" });
    assert.deepEqual(parsed.diagnostics.map((d) => d.rule), ['flywheel:tests-call-solution']);
  });
});

describe('the checks of the tests', () => {
  const code = 'export function add(a, b) {\n  return a + b;\n}\n';

  it('names the tests whose checks must run: asserts and console.assert, in the test or in a helper of the tests', () => {
    const tests = [
      "import assert from 'node:assert/strict';",
      "import { deepStrictEqual as same } from 'node:assert';",
      'function check(a, b, expected) {',
      '  same(add(a, b), expected);',
      '}',
      'const checkAll = (cases) => cases.forEach(([a, b, e]) => check(a, b, e));',
      'function test_direct() {',
      '  assert.equal(add(1, 2), 3);',
      '}',
      'function test_helper() {',
      '  checkAll([[1, 1, 2]]);',
      '}',
      'function test_callback() {',
      '  return Promise.resolve(add(1, 1)).then((v) => console.assert(v === 2));',
      '}',
      'function test_throws() {',
      '  if (add(1, 1) !== 2) throw new Error(\'wrong\');',
      '}',
      '',
    ].join('\n');
    const parsed = javascript.parse({ code, tests });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.harness.checkedTests, ['test_direct', 'test_helper', 'test_callback']);
  });

  it('wraps each check of the tests in the harness\'s counter in the test job, and lints the tests as written', () => {
    const tests = "import assert from 'node:assert/strict';\nfunction test_a() {\n  assert.equal(add(1, 2), 3); assert(add(0, 0) === 0);\n  const assertLike = { equal() {} };\n  assertLike.equal(1, 1);\n}\n";
    const parsed = javascript.parse({ code, tests });
    assert.doesNotMatch(parsed.files.tests, /__flywheel_check/);
    const job = javascript.testFiles(parsed);
    const compiled = job.files['tests.js'] ?? '';
    assert.match(compiled, /__flywheel_check\(strict_1\.default\.equal\(\(0, solution_js_1\.add\)\(1, 2\), 3\)\);/);
    assert.match(compiled, /__flywheel_check\(\(0, strict_1\.default\)\(\(0, solution_js_1\.add\)\(0, 0\) === 0\)\);/);
    assert.equal(compiled.match(/__flywheel_check\(/g)?.length, 2);
    // The source map still points the counted line at line 3 of the tests as written.
    const maps = JSON.parse(job.files['flywheel-maps.json'] ?? '{}') as Record<string, string>;
    assert.match(maps['tests.js'] ?? '', /"mappings"/);
  });
});

describe('what the tests may not do to their own test functions', () => {
  const code = 'export function add(a, b) {\n  return a + b;\n}\n';
  const rules = (tests: string): [string | undefined, number | undefined][] => javascript.parse({ code, tests }).diagnostics.map((d) => [d.rule, d.line]);

  it('fails tests that assign to a test function after defining it, in any form', () => {
    const head = "import assert from 'node:assert/strict';\nlet test_a = () => assert.equal(add(1, 2), 3);\n";
    assert.deepEqual(rules(`${head}test_a = () => {};\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules(`${head}[test_a] = [() => {}];\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules(`${head}({ test_a } = { test_a() {} });\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules(`${head}function skip() { test_a = null; }\nskip();\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules(`${head}exports.test_a = () => {};\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules(`${head}Object.assign(module.exports, { test_a() {} });\n`), [['flywheel:duplicate-test', 3]]);
    assert.deepEqual(rules("import assert from 'node:assert/strict';\nfunction test_a() { assert.equal(add(1, 2), 3); }\nvar test_a = null;\n"), [['flywheel:duplicate-test', 3]]);
  });

  it('lets a test use a local of the same name and leaves other bindings alone', () => {
    assert.deepEqual(rules("import assert from 'node:assert/strict';\nfunction test_a() {\n  let test_a = 1;\n  test_a += 1;\n  assert.equal(add(test_a, 0), 2);\n}\nlet calls = 0;\ncalls += 1;\n"), []);
  });
});

describe('a sample too large for the host to read', () => {
  it('fails a string doubled through const bindings as too deep instead of crashing the host', () => {
    const lines = ["const t0 = 'abcdefghijklmnopqrstuvwxyz0123456789';"];
    for (let i = 1; i <= 24; i++) lines.push(`const t${i} = t${i - 1} + t${i - 1};`);
    lines.push(`export const banner = ${Array.from({ length: 600 }, () => 't24').join(' + ')};`, 'export function add(a, b) {\n  return a + b;\n}\n');
    const parsed = javascript.parse({ code: lines.join('\n'), tests: "import assert from 'node:assert/strict';\nfunction test_a() { assert.equal(add(1, 2), 3); }\n" });
    assert.deepEqual(parsed.diagnostics.map((d) => [d.rule, d.file]), [['flywheel:too-deep', 'solution.js']]);
  });

  it('still folds the constants an honest file builds', () => {
    const parsed = typescript.parse({
      code: "const greeting = 'Hello, ' + 'world';\nconst line = greeting + '!'.repeat(1);\nexport function hello(): string {\n  return greeting + line;\n}\n",
      tests: "import assert from 'node:assert/strict';\nfunction test_a(): void { assert.equal(hello().length > 0, true); }\n",
    });
    assert.deepEqual(parsed.diagnostics, []);
  });
});
