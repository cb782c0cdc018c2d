// A suite of small problems (test/checks/fixtures/<problem>/), each with a correct and a subtly wrong
// solution in Python and PHP and tests in the project's convention (test functions, a `check(candidate)`
// call, or plain top-level asserts). Every verdict is asserted: the correct ones pass, the wrong ones fail at
// the stage and on exactly the cases expect.json names. All of them go to the checker as one batch.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../../src/checks/index.ts';
import { startChecks, type Harness } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const LANGUAGES = { python: 'py', php: 'php' } as const;
type Lang = keyof typeof LANGUAGES;

interface WrongExpectation {
  stage: 'parse' | 'lint' | 'test';
  /** Cases that must not pass, exactly (in any order). */
  failing?: string[];
  /** Of those, the ones ending in an exception rather than a failed assertion. */
  errors?: string[];
  limit?: string;
  /** An error diagnostic of this rule, at this line of the wrong solution. */
  rule?: string;
  line?: number;
}

interface Expectation {
  python: WrongExpectation;
  php: WrongExpectation;
  /** Style warnings the correct solution is expected to carry (it still passes). */
  correctWarnings?: Partial<Record<Lang, string[]>>;
}

const problems = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const read = (problem: string, file: string): string => readFileSync(path.join(FIXTURES, problem, file), 'utf8');

let checks: Harness;
const verdicts = new Map<string, Verdict>();

before(async () => {
  checks = await startChecks();
  const inputs = problems.flatMap((problem) =>
    (Object.entries(LANGUAGES) as [Lang, string][]).flatMap(([language, ext]) =>
      (['solution', 'wrong'] as const).map((variant) => ({
        key: `${problem}/${language}/${variant}`,
        language,
        code: read(problem, `${variant}.${ext}`),
        tests: read(problem, `tests.${ext}`),
      })),
    ),
  );
  const results = await checks.checker.checkMany(inputs);
  inputs.forEach((input, i) => verdicts.set(input.key, results[i] as Verdict));
});

after(async () => {
  await checks?.close();
});

function show(v: Verdict): string {
  return JSON.stringify({ ...v, stdout: v.stdout.slice(0, 300), stderr: v.stderr.slice(-800) }, null, 1);
}

it('has at least 30 problems, each in Python and PHP', () => {
  assert.ok(problems.length >= 30, `only ${problems.length} problems`);
});

for (const problem of problems) {
  const expect = JSON.parse(read(problem, 'expect.json')) as Expectation;
  describe(problem, () => {
    for (const language of Object.keys(LANGUAGES) as Lang[]) {
      it(`${language}: the correct solution passes`, () => {
        const v = verdicts.get(`${problem}/${language}/solution`);
        assert.ok(v);
        assert.equal(v.status, 'pass', show(v));
        assert.ok(v.tests.passed > 0);
        assert.equal(v.diagnostics.filter((d) => d.severity === 'error').length, 0, show(v));
        const warnings = v.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.rule);
        for (const rule of expect.correctWarnings?.[language] ?? []) assert.ok(warnings.includes(rule), `expected warning ${rule}: ${show(v)}`);
      });

      it(`${language}: the wrong solution fails as expected`, () => {
        const v = verdicts.get(`${problem}/${language}/wrong`);
        const want = expect[language];
        assert.ok(v);
        assert.equal(v.status, 'fail', show(v));
        assert.equal(v.stage, want.stage, show(v));
        if (want.failing) {
          const failing = v.tests.cases.filter((c) => c.status !== 'pass');
          assert.deepEqual(failing.map((c) => c.name).sort(), [...want.failing].sort(), show(v));
          for (const c of failing) assert.notEqual(c.message, '', `case ${c.name} has no message`);
          const errors = failing.filter((c) => c.status === 'error').map((c) => c.name).sort();
          assert.deepEqual(errors, [...(want.errors ?? (want.limit ? want.failing : []))].sort(), show(v));
        }
        assert.equal(v.limit, want.limit ?? null, show(v));
        if (want.rule) {
          const d = v.diagnostics.find((x) => x.rule === want.rule && x.severity === 'error');
          assert.ok(d, show(v));
          assert.equal(d.line, want.line);
        }
      });
    }
  });
}
