// Each language through the whole checker, real Docker and real linters: a correct solution passes; a syntax
// error fails at parse with its location; an undefined name fails at lint; a wrong answer fails at test naming
// the case; an endless loop fails with the timeout named; a flood of output still yields a Verdict. All
// samples go in one batch, as the service sends them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { feedbackText, type Verdict } from '../../src/checks/index.ts';
import { startChecks, type Harness } from './helpers.ts';

interface Variants {
  correct: string;
  syntax: { code: string; line: number };
  undefinedName: { code: string; line: number; rule: string };
  wrong: { code: string; shows: string };
  endless: string;
  /** Correct, but prints 5 MB on the way. */
  flood: string;
}

const samples: Record<string, { tests: string; variants: Variants }> = {
  python: {
    tests: 'def test_example():\n    assert running_sum([1, 2, 3, 4]) == [1, 3, 6, 10]\n\n\ndef test_empty():\n    assert running_sum([]) == []\n',
    variants: {
      correct: 'def running_sum(nums: list[int]) -> list[int]:\n    out = []\n    total = 0\n    for n in nums:\n        total += n\n        out.append(total)\n    return out\n',
      syntax: { code: 'def running_sum(nums: list[int]) -> list[int]\n    return nums\n', line: 1 },
      undefinedName: { code: 'def running_sum(nums):\n    out = []\n    total = 0\n    for n in nums:\n        total += n\n        out.append(totl)\n    return out\n', line: 6, rule: 'pyflakes:UndefinedName' },
      wrong: { code: 'def running_sum(nums):\n    out = []\n    total = 0\n    for n in nums[1:]:\n        total += n\n        out.append(total)\n    return out\n', shows: '[2, 5, 9]' },
      endless: 'def running_sum(nums):\n    while True:\n        pass\n',
      flood: 'def running_sum(nums):\n    print("x" * 5_000_000)\n    out = []\n    for n in nums:\n        out.append(n + (out[-1] if out else 0))\n    return out\n',
    },
  },
  php: {
    tests: '<?php\nfunction test_example(): void { assert(runningSum([1, 2, 3, 4]) === [1, 3, 6, 10]); }\nfunction test_empty(): void { assert(runningSum([]) === []); }\n',
    variants: {
      correct: '<?php\nfunction runningSum(array $nums): array\n{\n    $out = [];\n    $total = 0;\n    foreach ($nums as $n) {\n        $total += $n;\n        $out[] = $total;\n    }\n    return $out;\n}\n',
      syntax: { code: '<?php\nfunction runningSum(array $nums): array\n{\n    $out = [];\n    $total = 0\n    foreach ($nums as $n) {\n        $out[] = $total += $n;\n    }\n    return $out;\n}\n', line: 5 },
      undefinedName: { code: '<?php\nfunction runningSum(array $nums): array\n{\n    $out = [];\n    foreach ($nums as $i => $n) {\n        $out[] = running_total($nums, $i);\n    }\n    return $out;\n}\n', line: 6, rule: 'flywheel:undefined-function' },
      wrong: { code: '<?php\nfunction runningSum(array $nums): array\n{\n    $out = [];\n    $total = 0;\n    foreach (array_slice($nums, 1) as $n) {\n        $total += $n;\n        $out[] = $total;\n    }\n    return $out;\n}\n', shows: '[2,5,9]' },
      endless: '<?php\nfunction runningSum(array $nums): array\n{\n    while (true) {\n    }\n}\n',
      flood: '<?php\nfunction runningSum(array $nums): array\n{\n    echo str_repeat("x", 5000000);\n    $out = [];\n    foreach ($nums as $i => $n) {\n        $out[] = $n + ($out[$i - 1] ?? 0);\n    }\n    return $out;\n}\n',
    },
  },
  typescript: {
    tests: "import assert from 'node:assert/strict';\n\nfunction test_example(): void {\n  assert.deepEqual(runningSum([1, 2, 3, 4]), [1, 3, 6, 10]);\n}\n\nfunction test_empty(): void {\n  assert.deepEqual(runningSum([]), []);\n}\n",
    variants: {
      correct: 'export function runningSum(nums: number[]): number[] {\n  const out: number[] = [];\n  let total = 0;\n  for (const n of nums) {\n    total += n;\n    out.push(total);\n  }\n  return out;\n}\n',
      syntax: { code: 'export function runningSum(nums: number[]): number[] {\n  const out: number[] = [];\n  let total = 0;\n  for (const n of nums {\n    total += n;\n    out.push(total);\n  }\n  return out;\n}\n', line: 4 },
      undefinedName: { code: 'export function runningSum(nums: number[]): number[] {\n  const out: number[] = [];\n  let total = 0;\n  for (const n of nums) {\n    total += n;\n    out.push(totl);\n  }\n  return out;\n}\n', line: 6, rule: 'tsc:TS2552' },
      wrong: { code: 'export function runningSum(nums: number[]): number[] {\n  const out: number[] = [];\n  let total = 0;\n  for (const n of nums.slice(1)) {\n    total += n;\n    out.push(total);\n  }\n  return out;\n}\n', shows: 'deep-equal' },
      endless: 'export function runningSum(nums: number[]): number[] {\n  let i = nums.length;\n  while (i >= 0) {\n    i += 1;\n  }\n  return [i];\n}\n',
      flood: "export function runningSum(nums: number[]): number[] {\n  console.log('x'.repeat(5_000_000));\n  let total = 0;\n  return nums.map((n) => (total += n));\n}\n",
    },
  },
  javascript: {
    tests: "import assert from 'node:assert/strict';\n\nfunction test_example() {\n  assert.deepEqual(runningSum([1, 2, 3, 4]), [1, 3, 6, 10]);\n}\n\nfunction test_empty() {\n  assert.deepEqual(runningSum([]), []);\n}\n",
    variants: {
      correct: 'export function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const n of nums) {\n    total += n;\n    out.push(total);\n  }\n  return out;\n}\n',
      syntax: { code: 'export function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const n of nums) {\n    total += n;\n    out.push(total;\n  }\n  return out;\n}\n', line: 6 },
      undefinedName: { code: 'export function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const n of nums) {\n    total += n;\n    out.push(totl);\n  }\n  return out;\n}\n', line: 6, rule: 'eslint:no-undef' },
      wrong: { code: 'export function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const n of nums.slice(1)) {\n    total += n;\n    out.push(total);\n  }\n  return out;\n}\n', shows: 'deep-equal' },
      endless: 'export function runningSum(nums) {\n  let i = nums.length;\n  while (i >= 0) {\n    i += 1;\n  }\n  return [i];\n}\n',
      flood: "export function runningSum(nums) {\n  console.log('x'.repeat(5_000_000));\n  let total = 0;\n  return nums.map((n) => (total += n));\n}\n",
    },
  },
};

const kinds = ['correct', 'syntax', 'undefinedName', 'wrong', 'endless', 'flood'] as const;
type Kind = (typeof kinds)[number];

function codeOf(v: Variants, kind: Kind): string {
  const value = v[kind];
  return typeof value === 'string' ? value : value.code;
}

let checks: Harness;
const verdicts = new Map<string, Verdict>();

before(async () => {
  checks = await startChecks();
  const inputs = Object.entries(samples).flatMap(([language, s]) => kinds.map((kind) => ({ key: `${language}/${kind}`, language, code: codeOf(s.variants, kind), tests: s.tests })));
  const results = await checks.checker.checkMany(inputs);
  inputs.forEach((input, i) => verdicts.set(input.key, results[i] as Verdict));
});

after(async () => {
  await checks?.close();
});

function verdictOf(language: string, kind: Kind): Verdict {
  const v = verdicts.get(`${language}/${kind}`);
  assert.ok(v, `no verdict for ${language}/${kind}`);
  return v;
}

function show(v: Verdict): string {
  return JSON.stringify({ ...v, stdout: v.stdout.slice(0, 300), stderr: v.stderr.slice(-600) }, null, 1);
}

for (const [language, sample] of Object.entries(samples)) {
  describe(`${language} through the checker`, () => {
    it('passes a correct solution, naming each case', () => {
      const v = verdictOf(language, 'correct');
      assert.equal(v.status, 'pass', show(v));
      assert.equal(v.stage, null);
      assert.deepEqual(v.tests.cases.map((c) => [c.name, c.status]), [['test_example', 'pass'], ['test_empty', 'pass']]);
      assert.deepEqual([v.tests.passed, v.tests.failed], [2, 0]);
      assert.equal(v.exitCode, 0);
      assert.equal(v.diagnostics.filter((d) => d.severity === 'error').length, 0, show(v));
    });

    it('fails a syntax error at parse, with the line, column and text', () => {
      const v = verdictOf(language, 'syntax');
      assert.equal(v.status, 'fail', show(v));
      assert.equal(v.stage, 'parse');
      const d = v.diagnostics[0];
      assert.ok(d, show(v));
      assert.equal(d.stage, 'parse');
      assert.equal(d.severity, 'error');
      assert.equal(d.file?.startsWith('solution.'), true);
      assert.equal(d.line, sample.variants.syntax.line, show(v));
      assert.ok((d.column ?? 0) >= 1);
      assert.match(d.message, /syntax error/);
      assert.equal(v.tests.cases.length, 0);
    });

    it('fails an undefined name at lint, before any test runs', () => {
      const v = verdictOf(language, 'undefinedName');
      assert.equal(v.status, 'fail', show(v));
      assert.equal(v.stage, 'lint');
      const d = v.diagnostics.find((x) => x.rule === sample.variants.undefinedName.rule);
      assert.ok(d, show(v));
      assert.equal(d.severity, 'error');
      assert.equal(d.line, sample.variants.undefinedName.line);
      assert.equal(v.tests.cases.length, 0);
    });

    it('fails a wrong answer at test, naming the failing case and what it got', () => {
      const v = verdictOf(language, 'wrong');
      assert.equal(v.status, 'fail', show(v));
      assert.equal(v.stage, 'test');
      assert.deepEqual(v.tests.cases.map((c) => [c.name, c.status]), [['test_example', 'fail'], ['test_empty', 'pass']]);
      const failing = v.tests.cases[0];
      assert.ok(failing?.message.includes(sample.variants.wrong.shows), show(v));
      const text = feedbackText(v);
      assert.match(text, /test_example/);
      assert.ok(text.includes(sample.variants.wrong.shows));
    });

    it('fails an endless loop with the timeout named, on the case that ran', () => {
      const v = verdictOf(language, 'endless');
      assert.equal(v.status, 'fail', show(v));
      assert.equal(v.stage, 'test');
      assert.equal(v.limit, 'timeout');
      assert.equal(v.timedOut, true);
      const running = v.tests.cases.find((c) => c.name === 'test_example');
      assert.equal(running?.status, 'error', show(v));
      assert.match(running?.message ?? '', /timed out/);
      assert.match(feedbackText(v), /Limit hit: timeout/);
    });

    it('answers a solution that prints megabytes with a Verdict and its output cut', () => {
      const v = verdictOf(language, 'flood');
      assert.equal(v.stdoutTruncated, true, show(v));
      assert.ok(Buffer.byteLength(v.stdout) <= checks.config.sandboxOutputBytes);
      assert.ok(v.stdout.startsWith('x'.repeat(100)));
      assert.equal(v.status, 'fail', show(v));
      assert.equal(v.limit, 'output');
      const text = feedbackText(v);
      assert.match(text, /Stdout \(truncated\)/);
      assert.match(text, /Limit hit: output/);
    });
  });
}
